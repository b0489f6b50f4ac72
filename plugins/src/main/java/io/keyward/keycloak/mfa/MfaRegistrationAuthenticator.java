package io.keyward.keycloak.mfa;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.keyward.keycloak.registration.RegistrationCampaign;
import io.keyward.keycloak.registration.SecurityInfo;
import io.keyward.keycloak.registration.SecurityInfoMethod;
import io.keyward.keycloak.registration.Snooze;
import io.keyward.keycloak.signin.MfaNotes;
import io.keyward.keycloak.signin.MfaStrength;
import io.keyward.keycloak.signin.NoteLists;
import io.keyward.keycloak.signin.Refusals;
import io.keyward.keycloak.signin.RegistrationNotes;
import io.keyward.keycloak.signin.RoleReference;
import io.keyward.keycloak.signin.UserMethod;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.ModelToRepresentation;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Turns the sign-in into the combined registration ("Keep your account secure") when the user has no usable method
 * for the recorded strength: attaches the wizard's required action with the methods on offer, so the user registers
 * (and thereby proves) a method that meets the strength before reaching the application. The registration campaign's
 * grace may let the user snooze it. Refuses, with a message naming the strength, a user whose methods cannot reach it
 * (docs/architecture.md, "Strengths, registration and SSO" and "Combined registration").
 */
public final class MfaRegistrationAuthenticator implements Authenticator {

    static final MfaRegistrationAuthenticator SINGLETON = new MfaRegistrationAuthenticator();

    static final String MFA_NOT_CONFIGURED_MESSAGE = "keywardMfaNotConfigured";
    static final String STRENGTH_UNREACHABLE_MESSAGE = "keywardMfaStrengthUnreachable_";

    private static final Logger LOG = Logger.getLogger(MfaRegistrationAuthenticator.class);
    private static final String ID = MfaRegistrationAuthenticatorFactory.PROVIDER_ID;

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        MfaRegistrationConfig config = MfaRegistrationConfig.of(context.getAuthenticatorConfig());
        config.problems().forEach(problem -> LOG.warnf("%s: %s; failing closed", ID, problem));
        UserModel user = context.getUser();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        List<String> groups = user.getGroupsStream().map(ModelToRepresentation::buildGroupPath).toList();
        Set<UserMethod> allowed = config.policy().allowed(groups);
        authSession.setAuthNote(MfaNotes.ALLOWED_METHODS,
                NoteLists.join(allowed.stream().map(UserMethod::value).toList()));
        MfaStrength strength = MfaNotes.requiredStrength(authSession.getAuthNote(MfaNotes.STRENGTH));
        Set<UserMethod> registered = SecurityInfo.registeredMethods(user);
        MfaRegistration.Decision decision = MfaRegistration.decide(allowed, registered, strength,
                !MfaNotes.satisfied(authSession).isEmpty());
        LOG.debugf("%s: user %s, strength %s: %s", ID, user.getUsername(), strength.value(), decision);

        switch (decision) {
            case NONE -> context.success();
            case REGISTER -> register(context, config, allowed, registered, strength, groups);
            case DENY_NOT_CONFIGURED -> Refusals.refuseBrowser(context, null, MFA_NOT_CONFIGURED_MESSAGE);
            case DENY_STRENGTH -> refuseStrength(context, strength);
        }
    }

    private static void refuseStrength(AuthenticationFlowContext context, MfaStrength strength) {
        LOG.infof("%s: none of the methods of user %s reaches %s; refused", ID, context.getUser().getUsername(),
                strength.value());
        Refusals.refuseBrowser(context, null, STRENGTH_UNREACHABLE_MESSAGE + strength.value());
    }

    /**
     * Only methods whose required action is enabled are offered: Keycloak skips a disabled action silently, which
     * would let the user in without MFA. For the same reason the wizard's own two actions must be enabled.
     */
    private static void register(AuthenticationFlowContext context, MfaRegistrationConfig config,
            Set<UserMethod> allowed, Set<UserMethod> registered, MfaStrength strength, List<String> groups) {
        RealmModel realm = context.getRealm();
        List<SecurityInfoMethod> offered = SecurityInfoMethod.offer(allowed, strength,
                action -> SecurityInfo.isEnabled(realm, action), context.getUser().getEmail());
        if (!SecurityInfo.wizardEnabled(realm)) {
            LOG.warnf("%s: the required actions %s and %s must be enabled in realm %s; failing closed", ID,
                    SecurityInfo.CHOOSER, SecurityInfo.SUMMARY, realm.getName());
            Refusals.refuseBrowser(context, null, MFA_NOT_CONFIGURED_MESSAGE);
            return;
        }
        if (offered.isEmpty()) {
            LOG.warnf("%s: no registration action for a method that user %s may use at %s is enabled in realm %s; "
                    + "failing closed", ID, context.getUser().getUsername(), strength.value(), realm.getName());
            if (strength == MfaStrength.MFA) {
                Refusals.refuseBrowser(context, null, MFA_NOT_CONFIGURED_MESSAGE);
            } else {
                refuseStrength(context, strength);
            }
            return;
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        Optional<Snooze.Decision> grace = grace(context, config, allowed, registered, groups);
        if (grace.isPresent() && grace.get().kind() == Snooze.Kind.ACTIVE) {
            Optional<Snooze> snooze = Snooze.parse(context.getUser().getFirstAttribute(Snooze.REGISTRATION_ATTRIBUTE));
            authSession.setAuthNote(RegistrationNotes.MODE, RegistrationNotes.MODE_SNOOZED);
            authSession.setAuthNote(RegistrationNotes.SNOOZE, RegistrationNotes.SNOOZE_ACTIVE);
            snooze.ifPresent(held -> {
                authSession.setAuthNote(RegistrationNotes.SNOOZES_USED, Integer.toString(held.snoozes()));
                authSession.setAuthNote(RegistrationNotes.SNOOZED_UNTIL, held.snoozedUntil().toString());
            });
            LOG.debugf("%s: user %s snoozed the registration; no MFA in this sign-in", ID,
                    context.getUser().getUsername());
            context.success();
            return;
        }
        authSession.setAuthNote(RegistrationNotes.MODE, RegistrationNotes.MODE_REGISTER);
        SecurityInfo.start(authSession, offered, registered, grace, config.campaign());
        context.success();
    }

    /** Empty when the campaign gives this user no grace (then registration is mandatory). */
    private static Optional<Snooze.Decision> grace(AuthenticationFlowContext context, MfaRegistrationConfig config,
            Set<UserMethod> allowed, Set<UserMethod> registered, List<String> groups) {
        RegistrationCampaign campaign = config.campaign();
        Set<UserMethod> usable = EnumSet.noneOf(UserMethod.class);
        usable.addAll(allowed);
        usable.retainAll(registered);
        List<String> sources = MfaNotes.sources(context.getAuthenticationSession().getAuthNote(MfaNotes.REQUIRED_BY));
        if (!campaign.targets(groups) || !usable.isEmpty()
                || !Snooze.graceAllowed(sources, isPrivileged(context, config))) {
            return Optional.empty();
        }
        String stored = context.getUser().getFirstAttribute(Snooze.REGISTRATION_ATTRIBUTE);
        Optional<Snooze> snooze = Snooze.parse(stored);
        if (snooze.isEmpty()) {
            LOG.warnf("%s: user %s has an unreadable %s '%s'; no snooze left", ID, context.getUser().getUsername(),
                    Snooze.REGISTRATION_ATTRIBUTE, stored);
        }
        return Optional.of(Snooze.decide(campaign, snooze, Instant.now()));
    }

    /** A privileged role that cannot be read or found makes the user count as privileged (fail closed). */
    private static boolean isPrivileged(AuthenticationFlowContext context, MfaRegistrationConfig config) {
        if (config.privilegedRolesBroken()) {
            return true;
        }
        RealmModel realm = context.getRealm();
        for (RoleReference reference : config.privilegedRoles()) {
            RoleModel role = reference.resolve(realm);
            if (role == null) {
                LOG.warnf("%s: privileged role %s does not exist in realm %s; no snooze", ID, reference,
                        realm.getName());
                return true;
            }
            if (context.getUser().hasRole(role)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    /** Always true: this step is what handles users without a method. */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
