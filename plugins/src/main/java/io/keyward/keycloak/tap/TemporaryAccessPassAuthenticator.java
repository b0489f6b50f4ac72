package io.keyward.keycloak.tap;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import io.keyward.keycloak.signin.MfaNotes;
import io.keyward.keycloak.signin.MfaStrength;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.authentication.CredentialValidator;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.common.util.Time;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Sign-in with a Temporary Access Pass, an alternative to the password after the username. An accepted pass stands
 * for password and second factor together (strength {@code mfa}, SPEC §3.5). What follows a TAP sign-in (the
 * strength check, the offer to register a method) is {@link TemporaryAccessPassOnboardingAuthenticator}'s.
 */
public final class TemporaryAccessPassAuthenticator
        implements Authenticator, CredentialValidator<TemporaryAccessPassCredentialProvider> {

    static final TemporaryAccessPassAuthenticator SINGLETON = new TemporaryAccessPassAuthenticator();

    static final String PASS_TEMPLATE = "login-keyward-temporary-access-pass.ftl";
    static final String PASS_FIELD = "temporaryAccessPass";

    /** The method note's value for a TAP sign-in (docs/architecture.md, "Contract"). */
    static final String METHOD_TAP = "tap";

    private static final Logger LOG = Logger.getLogger(TemporaryAccessPassAuthenticator.class);
    private static final DateTimeFormatter START_FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /** A user who already signed in with a passkey on the username page needs no pass, as they need no password. */
    @Override
    public void authenticate(AuthenticationFlowContext context) {
        if (AuthenticatorUtil.getAuthnCredentials(context.getAuthenticationSession())
                .contains(WebAuthnCredentialModel.TYPE_PASSWORDLESS)) {
            context.success();
            return;
        }
        context.challenge(context.form().createForm(PASS_TEMPLATE));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        verify(context, context.getUser(), TemporaryAccessPassCode.normalise(form.getFirst(PASS_FIELD)));
    }

    private void verify(AuthenticationFlowContext context, UserModel user, String code) {
        RealmModel realm = context.getRealm();
        Optional<TemporaryAccessPassPolicy> policy = TemporaryAccessPasses.policy(realm);
        boolean allowed = TemporaryAccessPasses.isTargeted(policy, user);
        if (allowed && code.isEmpty()) {
            context.forceChallenge(passForm(context, "keywardTapMissing"));
            return;
        }
        String lockedOut = allowed ? AuthenticatorUtils.getDisabledByBruteForceEventError(context, user) : null;
        boolean check = allowed && lockedOut == null;
        Optional<TemporaryAccessPassCredentialModel> pass = check
                ? getCredentialProvider(context.getSession()).find(user)
                : Optional.empty();
        boolean codeMatches = check && matches(code, pass);
        Instant now = Instant.ofEpochMilli(Time.currentTimeMillis());
        TemporaryAccessPassSignIn.Outcome outcome = TemporaryAccessPassSignIn.decide(allowed, lockedOut != null,
                pass.map(TemporaryAccessPassCredentialModel::data), codeMatches, now);
        if (outcome == TemporaryAccessPassSignIn.Outcome.ACCEPTED && pass.get().data().isUsableOnce()
                && !consume(context.getSession(), pass.get(), now)) {
            outcome = TemporaryAccessPassSignIn.Outcome.ALREADY_USED;
        }
        LOG.debugf("%s: user %s: %s", TemporaryAccessPassAuthenticatorFactory.PROVIDER_ID, user.getUsername(),
                outcome.value());

        switch (outcome) {
            case ACCEPTED -> accept(context, user, pass.get(), now);
            case INVALID -> refuseInvalid(context, user);
            case NOT_ALLOWED -> refuse(context, user, outcome, Errors.NOT_ALLOWED, "keywardTapNotAllowed");
            // As Keycloak's own forms do since 26: a locked-out user is told what a wrong code is told, so that the
            // lock-out does not confirm to an attacker that the account exists and is under attack.
            case LOCKED_OUT -> refuse(context, user, outcome, lockedOut, "keywardTapInvalid");
            case NOT_YET_VALID -> refuse(context, user, outcome, Errors.INVALID_USER_CREDENTIALS,
                    "keywardTapNotYetValid", START_FORMAT.format(pass.get().data().start()));
            case EXPIRED -> refuse(context, user, outcome, Errors.INVALID_USER_CREDENTIALS, "keywardTapExpired");
            case ALREADY_USED -> refuse(context, user, outcome, Errors.INVALID_USER_CREDENTIALS,
                    "keywardTapAlreadyUsed");
        }
    }

    /** Without a pass to compare with, the same slow hash is still computed, so timing does not tell. */
    private static boolean matches(String code, Optional<TemporaryAccessPassCredentialModel> pass) {
        if (pass.isEmpty()) {
            TemporaryAccessPassHash.dummyVerify(code);
            return false;
        }
        return TemporaryAccessPassHash.verify(code, pass.get().secret());
    }

    /**
     * Claims a one-time pass in Keycloak's single-use object store, whose {@code putIfAbsent} is atomic across the
     * cluster (Infinispan's replicated {@code actionTokens} cache, or the external Infinispan): of any number of
     * simultaneous sign-ins exactly one gets {@code true}. The claim outlives the pass.
     */
    private static boolean consume(KeycloakSession session, TemporaryAccessPassCredentialModel pass, Instant now) {
        long lifespanSeconds = Math.max(60, Duration.between(now, pass.data().end()).getSeconds() + 60);
        return session.singleUseObjects().putIfAbsent(TemporaryAccessPasses.consumptionKey(pass), lifespanSeconds);
    }

    private void accept(AuthenticationFlowContext context, UserModel user, TemporaryAccessPassCredentialModel pass,
            Instant now) {
        TemporaryAccessPassCredentialModel used = pass.usedAt(now);
        user.credentialManager().updateStoredCredential(used);
        TemporaryAccessPassEvents.accepted(context.getEvent().clone(), user, used);
        RealmModel realm = context.getRealm();
        if (realm.isBruteForceProtected()) {
            // The protector counts only password, OTP and recovery-code sign-ins; a pass stands for the password.
            context.getProtector().successfulLogin(realm, user, context.getConnection(), context.getUriInfo(),
                    Set.of(PasswordCredentialModel.TYPE));
        }
        // A pass stands for password and second factor, at strength mfa only (SPEC §3.5): the MFA step skips an mfa
        // requirement; a stronger one refuses the sign-in (keyward-tap-onboarding).
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        authSession.setAuthNote(MfaNotes.METHOD, METHOD_TAP);
        MfaNotes.addSatisfied(authSession, EnumSet.of(MfaStrength.MFA));
        context.success(TemporaryAccessPassCredentialModel.TYPE);
    }

    /**
     * A wrong code counts toward the lock-out deliberately: Keycloak's protector ignores failures of any category but
     * password, OTP and recovery codes, and this step's category is the TAP's own, so the automatic count is a no-op.
     */
    private void refuseInvalid(AuthenticationFlowContext context, UserModel user) {
        TemporaryAccessPassEvents.refused(context.getEvent(), user, TemporaryAccessPassSignIn.Outcome.INVALID)
                .error(Errors.INVALID_USER_CREDENTIALS);
        RealmModel realm = context.getRealm();
        if (realm.isBruteForceProtected()) {
            context.getProtector().failedLogin(realm, user, context.getConnection(), context.getUriInfo(),
                    Set.of(PasswordCredentialModel.TYPE));
        }
        context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, passForm(context, "keywardTapInvalid"));
    }

    private void refuse(AuthenticationFlowContext context, UserModel user, TemporaryAccessPassSignIn.Outcome outcome,
            String eventError, String message, Object... parameters) {
        EventBuilder event = TemporaryAccessPassEvents.refused(context.getEvent(), user, outcome);
        event.error(eventError);
        context.forceChallenge(passForm(context, message, parameters));
    }

    private static Response passForm(AuthenticationFlowContext context, String message, Object... parameters) {
        LoginFormsProvider form = context.form();
        form.addError(new FormMessage(PASS_FIELD, message, parameters));
        return form.createForm(PASS_TEMPLATE);
    }

    @Override
    public TemporaryAccessPassCredentialProvider getCredentialProvider(KeycloakSession session) {
        return TemporaryAccessPasses.provider(session);
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    /**
     * Offered (after the username, and under "Try another way") to users who hold a pass, in whatever state: a spent
     * pass stays until it is replaced or deleted, and the pass page then tells the user why it no longer works.
     * (Keycloak picks the first alternative from the user's stored credential types, so for a user without a password
     * the pass page is where a spent pass must be explained; a passkey used on the username page passes through.)
     */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(TemporaryAccessPassCredentialModel.TYPE)
                .findAny().isPresent();
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
