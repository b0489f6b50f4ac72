package io.keyward.keycloak.registration;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.keyward.keycloak.signin.MfaNotes;
import io.keyward.keycloak.signin.RegistrationNotes;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.ModelToRepresentation;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * After a successful MFA: offers a user the campaign targets to register its target method, through the same wizard,
 * snoozable as the campaign says. Never refuses: the user already did MFA, so a broken config just means no nudge.
 */
public final class RegistrationNudgeAuthenticator implements Authenticator {

    static final RegistrationNudgeAuthenticator SINGLETON = new RegistrationNudgeAuthenticator();

    private static final Logger LOG = Logger.getLogger(RegistrationNudgeAuthenticator.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (authSession.getAuthNote(RegistrationNotes.MODE) != null
                || MfaNotes.registration(authSession.getAuthNote(MfaNotes.METHOD)).isPresent()) {
            context.success();
            return;
        }
        RegistrationNudgeConfig config = new RegistrationNudgeConfig(context.getAuthenticatorConfig());
        config.problems().forEach(problem -> LOG.warnf("%s: %s; no nudge", RegistrationNudgeAuthenticatorFactory.PROVIDER_ID,
                problem));
        UserModel user = context.getUser();
        RealmModel realm = context.getRealm();
        List<String> groups = user.getGroupsStream().map(ModelToRepresentation::buildGroupPath).toList();
        List<SecurityInfoMethod> offered = RegistrationNudge.offer(config.campaign(), config.campaign().targets(groups),
                MfaNotes.usedMethods(AuthenticatorUtil.getAuthnCredentials(authSession)),
                SecurityInfo.registeredMethods(user), config.policy().allowed(groups),
                action -> SecurityInfo.isEnabled(realm, action));
        if (offered.isEmpty() || !SecurityInfo.wizardEnabled(realm)) {
            context.success();
            return;
        }
        String stored = user.getFirstAttribute(Snooze.NUDGE_ATTRIBUTE);
        Snooze.Decision decision = Snooze.decide(config.campaign(), Snooze.parse(stored), Instant.now());
        if (decision.kind() != Snooze.Kind.ACTIVE) {
            authSession.setAuthNote(RegistrationNotes.MODE, RegistrationNotes.MODE_NUDGE);
            SecurityInfo.start(authSession, offered, SecurityInfo.registeredMethods(user), Optional.of(decision),
                    config.campaign());
        }
        context.success();
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

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
