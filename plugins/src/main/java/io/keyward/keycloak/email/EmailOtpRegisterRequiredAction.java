package io.keyward.keycloak.email;

import java.util.Optional;

import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.logging.Logger;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.MessageType;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * "Verify your email address for sign-in codes": sends a code to the account's email address and, when the user
 * types it, registers that address as a {@code keyward-email-otp} credential. Works attached to a sign-in (the
 * registration wizard) and application-initiated ({@code kc_action=keyward-email-otp-register}). A user without an
 * email address is told so and cannot register the method. Settings come from the realm's configuration
 * {@value EmailOtpConfig#ALIAS} (the defaults without one).
 */
public final class EmailOtpRegisterRequiredAction implements RequiredActionProvider {

    static final EmailOtpRegisterRequiredAction SINGLETON = new EmailOtpRegisterRequiredAction();

    private static final Logger LOG = Logger.getLogger(EmailOtpRegisterRequiredAction.class);
    private static final String ID = EmailOtpRegisterRequiredActionFactory.PROVIDER_ID;

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.SUPPORTED;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        Optional<EmailOtpConfig> config = config(context);
        if (config.isEmpty()) {
            return;
        }
        String address = context.getUser().getEmail();
        show(context, EmailOtpExchange.open(context.getAuthenticationSession(), sender(context), address,
                config.get(), EmailOtpSender.Purpose.REGISTRATION, ID));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        Optional<EmailOtpConfig> config = config(context);
        if (config.isEmpty()) {
            return;
        }
        String address = context.getUser().getEmail();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (EmailOtpExchange.isResend(form)) {
            show(context, EmailOtpExchange.resend(authSession, sender(context), address, config.get(),
                    EmailOtpSender.Purpose.REGISTRATION, ID));
            return;
        }
        String typed = EmailOtpCode.normalise(form.getFirst(EmailOtpExchange.CODE_FIELD));
        if (typed.isEmpty()) {
            show(context, EmailOtpExchange.fieldError(address, true, "keywardEmailOtpMissing"));
            return;
        }
        // A code sent to an address the account no longer has proves nothing about the current one.
        Optional<EmailOtpChallenge> challenge = EmailOtpExchange.current(authSession)
                .filter(inFlight -> inFlight.address().equalsIgnoreCase(address));
        EmailOtpChallenge.Outcome outcome = EmailOtpChallenge.decide(challenge, false,
                inFlight -> EmailOtpExchange.matches(typed, inFlight), EmailOtpExchange.now(), config.get());
        LOG.debugf("%s: user %s: %s", ID, context.getUser().getUsername(), outcome);
        switch (outcome) {
            case ACCEPTED -> register(context, challenge.get().address());
            case INVALID -> {
                EmailOtpExchange.store(authSession, challenge.get().withAttempt());
                show(context, EmailOtpExchange.fieldError(address, true, "keywardEmailOtpInvalid"));
            }
            case INVALID_AND_VOID -> {
                EmailOtpExchange.store(authSession, challenge.get().withAttempt());
                show(context, EmailOtpExchange.fieldError(address, false, "keywardEmailOtpAttemptsExhausted"));
            }
            case EXPIRED -> show(context, EmailOtpExchange.fieldError(address, false, "keywardEmailOtpExpired"));
            case NO_CODE, LOCKED_OUT -> show(context,
                    EmailOtpExchange.fieldError(address, false, "keywardEmailOtpNoCode"));
        }
    }

    /** Records the proved address (replacing an earlier one); the address is now verified for Keycloak, too. */
    private static void register(RequiredActionContext context, String address) {
        UserModel user = context.getUser();
        EmailOtpExchange.clear(context.getAuthenticationSession());
        EmailOtpCredentials.provider(context.getSession()).createCredential(context.getRealm(), user,
                EmailOtpCredentialModel.create(address, EmailOtpExchange.now()));
        user.setEmailVerified(true);
        context.getEvent().event(EventType.UPDATE_CREDENTIAL)
                .detail(Details.CREDENTIAL_TYPE, EmailOtpCredentialModel.TYPE);
        LOG.debugf("%s: user %s registered an email address for sign-in codes", ID, user.getUsername());
        context.success();
    }

    /** The settings; a user without an email address or a broken configuration gets a page that says so instead. */
    private static Optional<EmailOtpConfig> config(RequiredActionContext context) {
        String address = context.getUser().getEmail();
        if (address == null || address.isBlank()) {
            show(context, new EmailOtpExchange.Page("", false, new FormMessage(null, "keywardEmailOtpNoEmail"),
                    MessageType.ERROR));
            return Optional.empty();
        }
        EmailOtpConfig config = EmailOtpConfig.ofRealm(context.getRealm());
        if (!config.problems().isEmpty()) {
            config.problems().forEach(problem -> LOG.warnf("%s: realm %s: %s; failing closed", ID,
                    context.getRealm().getName(), problem));
            show(context, new EmailOtpExchange.Page("", false, new FormMessage(null, "keywardEmailOtpUnavailable"),
                    MessageType.ERROR));
            return Optional.empty();
        }
        return Optional.of(config);
    }

    private static void show(RequiredActionContext context, EmailOtpExchange.Page page) {
        context.challenge(EmailOtpExchange.render(context.form(), page, true));
    }

    private static EmailOtpSender sender(RequiredActionContext context) {
        return new KeycloakEmailOtpSender(context.getSession(), context.getRealm(), context.getUser(),
                context.getAuthenticationSession());
    }

    @Override
    public void close() {
    }
}
