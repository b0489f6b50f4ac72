package io.keyward.keycloak.email;

import java.util.Optional;
import java.util.Set;

import io.keyward.keycloak.signin.MfaNotes;
import io.keyward.keycloak.signin.NoteLists;
import io.keyward.keycloak.signin.UserMethod;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.CredentialValidator;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.MessageType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * A one-time code sent to the user's verified address, as a second factor (SPEC §3.5: strength {@code mfa} only).
 * Codes expire, a resend waits for the cool-down, too many wrong codes void the code, and every wrong code counts
 * toward Keycloak's brute-force lock-out.
 */
public final class EmailOtpAuthenticator implements Authenticator, CredentialValidator<EmailOtpCredentialProvider> {

    static final EmailOtpAuthenticator SINGLETON = new EmailOtpAuthenticator();

    /** Event details of a refused code (never the code). */
    static final String EVENT_DETAIL = "keyward_email_otp";
    static final String EVENT_REASON = "keyward_email_otp_reason";

    private static final Logger LOG = Logger.getLogger(EmailOtpAuthenticator.class);
    private static final String ID = EmailOtpAuthenticatorFactory.PROVIDER_ID;

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        Optional<Setup> setup = setup(context);
        if (setup.isEmpty()) {
            return;
        }
        show(context, EmailOtpExchange.open(context.getAuthenticationSession(), sender(context),
                setup.get().address(), setup.get().config(), EmailOtpSender.Purpose.SIGN_IN, ID));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        Optional<Setup> setup = setup(context);
        if (setup.isEmpty()) {
            return;
        }
        String address = setup.get().address();
        EmailOtpConfig config = setup.get().config();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (EmailOtpExchange.isResend(form)) {
            show(context, EmailOtpExchange.resend(authSession, sender(context), address, config,
                    EmailOtpSender.Purpose.SIGN_IN, ID));
            return;
        }
        String typed = EmailOtpCode.normalise(form.getFirst(EmailOtpExchange.CODE_FIELD));
        if (typed.isEmpty()) {
            show(context, EmailOtpExchange.fieldError(address, true, "keywardEmailOtpMissing"));
            return;
        }
        UserModel user = context.getUser();
        String lockedOut = AuthenticatorUtils.getDisabledByBruteForceEventError(context, user);
        Optional<EmailOtpChallenge> challenge = EmailOtpExchange.current(authSession)
                .filter(inFlight -> inFlight.address().equalsIgnoreCase(address));
        EmailOtpChallenge.Outcome outcome = EmailOtpChallenge.decide(challenge, lockedOut != null,
                inFlight -> EmailOtpExchange.matches(typed, inFlight), EmailOtpExchange.now(), config);
        LOG.debugf("%s: user %s: %s", ID, user.getUsername(), outcome);

        switch (outcome) {
            case ACCEPTED -> accept(context, user);
            case INVALID, INVALID_AND_VOID -> {
                EmailOtpExchange.store(authSession, challenge.get().withAttempt());
                refuseCounted(context, user, outcome, address);
            }
            // Like Keycloak's own forms: a locked-out user is told what a wrong code is told.
            case LOCKED_OUT -> refuse(context, user, "lockedOut", lockedOut,
                    EmailOtpExchange.fieldError(address, true, "keywardEmailOtpInvalid"));
            case EXPIRED -> refuse(context, user, "expired", Errors.EXPIRED_CODE,
                    EmailOtpExchange.fieldError(address, false, "keywardEmailOtpExpired"));
            case NO_CODE -> refuse(context, user, "noCode", Errors.INVALID_CODE,
                    EmailOtpExchange.fieldError(address, false, "keywardEmailOtpNoCode"));
        }
    }

    private void accept(AuthenticationFlowContext context, UserModel user) {
        EmailOtpExchange.clear(context.getAuthenticationSession());
        RealmModel realm = context.getRealm();
        if (realm.isBruteForceProtected()) {
            context.getProtector().successfulLogin(realm, user, context.getConnection(), context.getUriInfo(),
                    Set.of(OTPCredentialModel.TYPE));
        }
        context.success(EmailOtpCredentialModel.TYPE);
    }

    /**
     * A wrong code counts toward the lock-out deliberately: this step's reference category is its own credential type,
     * which Keycloak's protector ignores, so it reports the failure itself — as an {@code otp} failure, since an email
     * code is a second factor like a TOTP code (it also counts toward the realm's maximum second-factor failures).
     */
    private void refuseCounted(AuthenticationFlowContext context, UserModel user, EmailOtpChallenge.Outcome outcome,
            String address) {
        boolean voided = outcome == EmailOtpChallenge.Outcome.INVALID_AND_VOID;
        context.getEvent().clone().user(user).detail(EVENT_DETAIL, "refused")
                .detail(EVENT_REASON, voided ? "attemptsExhausted" : "invalidCode")
                .error(Errors.INVALID_USER_CREDENTIALS);
        RealmModel realm = context.getRealm();
        if (realm.isBruteForceProtected()) {
            context.getProtector().failedLogin(realm, user, context.getConnection(), context.getUriInfo(),
                    Set.of(OTPCredentialModel.TYPE));
        }
        EmailOtpExchange.Page page = voided
                ? EmailOtpExchange.fieldError(address, false, "keywardEmailOtpAttemptsExhausted")
                : EmailOtpExchange.fieldError(address, true, "keywardEmailOtpInvalid");
        context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS,
                EmailOtpExchange.render(context.form(), page, false));
    }

    private void refuse(AuthenticationFlowContext context, UserModel user, String reason, String eventError,
            EmailOtpExchange.Page page) {
        context.getEvent().clone().user(user).detail(EVENT_DETAIL, "refused").detail(EVENT_REASON, reason)
                .error(eventError);
        context.forceChallenge(EmailOtpExchange.render(context.form(), page, false));
    }

    private static void show(AuthenticationFlowContext context, EmailOtpExchange.Page page) {
        context.challenge(EmailOtpExchange.render(context.form(), page, false));
    }

    /** The settings and the verified address; on a broken configuration the page says so and nothing is sent. */
    private record Setup(EmailOtpConfig config, String address) {
    }

    private Optional<Setup> setup(AuthenticationFlowContext context) {
        EmailOtpConfig config = EmailOtpConfig.of(context.getAuthenticatorConfig());
        Optional<EmailOtpCredentialModel> credential = getCredentialProvider(context.getSession())
                .find(context.getUser());
        if (config.problems().isEmpty() && credential.isPresent()) {
            return Optional.of(new Setup(config, credential.get().data().email()));
        }
        config.problems().forEach(problem -> LOG.warnf("%s: realm %s: %s; failing closed", ID,
                context.getRealm().getName(), problem));
        EmailOtpExchange.Page page = new EmailOtpExchange.Page("", false,
                new FormMessage(null, "keywardEmailOtpUnavailable"), MessageType.ERROR);
        context.forceChallenge(EmailOtpExchange.render(context.form(), page, false));
        return Optional.empty();
    }

    private static EmailOtpSender sender(AuthenticationFlowContext context) {
        return new KeycloakEmailOtpSender(context.getSession(), context.getRealm(), context.getUser(),
                context.getAuthenticationSession());
    }

    @Override
    public EmailOtpCredentialProvider getCredentialProvider(KeycloakSession session) {
        return EmailOtpCredentials.provider(session);
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    /**
     * Users with a verified address, unless the methods policy does not allow them email codes (the registration step
     * records the allowed methods before the second factor; Keycloak then does not offer this alternative).
     */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        String allowed = authSession == null ? null : authSession.getAuthNote(MfaNotes.ALLOWED_METHODS);
        if (allowed != null && !NoteLists.items(allowed).contains(UserMethod.EMAIL.value())) {
            return false;
        }
        return user.credentialManager().getStoredCredentialsByTypeStream(EmailOtpCredentialModel.TYPE)
                .findAny().isPresent();
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
