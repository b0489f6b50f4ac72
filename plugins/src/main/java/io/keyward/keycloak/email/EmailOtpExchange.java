package io.keyward.keycloak.email;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.keyward.keycloak.tap.TemporaryAccessPassHash;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.email.EmailException;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.forms.login.MessageType;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * What the sign-in step and the registration action share: the code in flight in the authentication session (stored
 * only as a salted PBKDF2 hash, like the Temporary Access Pass; authentication sessions are cluster-wide), sending a
 * new one, and the page.
 */
final class EmailOtpExchange {

    static final String TEMPLATE = "login-keyward-email-otp.ftl";
    static final String CODE_FIELD = "emailCode";
    static final String RESEND_FIELD = "resend";

    private static final Logger LOG = Logger.getLogger(EmailOtpExchange.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the page shows: the masked address, whether a code can be entered, and a message (key, parameters). */
    record Page(String address, boolean canEnter, FormMessage message, MessageType type) {
    }

    private EmailOtpExchange() {
    }

    /** The "Send a new code" form posts {@code resend=true}. */
    static boolean isResend(jakarta.ws.rs.core.MultivaluedMap<String, String> form) {
        return "true".equals(form.getFirst(RESEND_FIELD));
    }

    static Instant now() {
        return Instant.ofEpochMilli(Time.currentTimeMillis());
    }

    static Optional<EmailOtpChallenge> current(AuthenticationSessionModel authSession) {
        Map<String, String> notes = new HashMap<>();
        for (String note : challengeNotes()) {
            String value = authSession.getAuthNote(note);
            if (value != null) {
                notes.put(note, value);
            }
        }
        return EmailOtpChallenge.read(notes);
    }

    static void store(AuthenticationSessionModel authSession, EmailOtpChallenge challenge) {
        challenge.notes().forEach(authSession::setAuthNote);
    }

    static void clear(AuthenticationSessionModel authSession) {
        challengeNotes().forEach(authSession::removeAuthNote);
    }

    private static List<String> challengeNotes() {
        return List.of(EmailOtpChallenge.ADDRESS_NOTE, EmailOtpChallenge.SALT_NOTE,
                EmailOtpChallenge.HASH_NOTE, EmailOtpChallenge.ITERATIONS_NOTE, EmailOtpChallenge.SENT_AT_NOTE,
                EmailOtpChallenge.ATTEMPTS_NOTE);
    }

    /**
     * Sends a new code to {@code address} and makes it the one in flight (earlier codes stop working). The code is
     * kept only in this method and the mail; it is stored hashed and never logged. False when the mail could not be
     * sent: then nothing changes.
     */
    static boolean sendNew(AuthenticationSessionModel authSession, EmailOtpSender sender, String address,
            EmailOtpConfig config, EmailOtpSender.Purpose purpose, String logPrefix) {
        String code = EmailOtpCode.generate(RANDOM, config.codeLength());
        TemporaryAccessPassHash.Hashed hash = TemporaryAccessPassHash.hash(code, RANDOM);
        try {
            sender.send(address, code, config.codeLifetimeInMinutes(), purpose);
        } catch (EmailException e) {
            LOG.warnf("%s: could not send an email code to the address of user %s: %s", logPrefix,
                    authSession.getAuthenticatedUser() == null ? "?" : authSession.getAuthenticatedUser().getUsername(),
                    e.getMessage());
            return false;
        }
        store(authSession, new EmailOtpChallenge(address, hash, now(), 0));
        return true;
    }

    /**
     * Shows the code in flight if it can still be entered; else sends a new one when the cool-down allows; else says
     * how long to wait. Used when the page is first shown (and reloaded), so a reload never floods the mailbox.
     */
    static Page open(AuthenticationSessionModel authSession, EmailOtpSender sender, String address,
            EmailOtpConfig config, EmailOtpSender.Purpose purpose, String logPrefix) {
        Optional<EmailOtpChallenge> challenge = current(authSession);
        Instant now = now();
        String masked = EmailOtpCode.maskAddress(address);
        if (challenge.isPresent() && challenge.get().usableFor(address, now, config)) {
            return new Page(masked, true, sentMessage(masked, config), MessageType.INFO);
        }
        long wait = EmailOtpChallenge.resendWaitSeconds(challenge, now, config);
        if (wait > 0) {
            return new Page(masked, false, new FormMessage(null, "keywardEmailOtpResendWait", wait), MessageType.WARNING);
        }
        return sendNew(authSession, sender, address, config, purpose, logPrefix)
                ? new Page(masked, true, sentMessage(masked, config), MessageType.INFO)
                : new Page(masked, false, new FormMessage(null, "keywardEmailOtpSendFailed"), MessageType.ERROR);
    }

    /** "Send a new code": honours the cool-down, with a message either way. */
    static Page resend(AuthenticationSessionModel authSession, EmailOtpSender sender, String address,
            EmailOtpConfig config, EmailOtpSender.Purpose purpose, String logPrefix) {
        Optional<EmailOtpChallenge> challenge = current(authSession);
        String masked = EmailOtpCode.maskAddress(address);
        long wait = EmailOtpChallenge.resendWaitSeconds(challenge, now(), config);
        if (wait > 0) {
            boolean canEnter = challenge.isPresent() && challenge.get().usableFor(address, now(), config);
            return new Page(masked, canEnter, new FormMessage(null, "keywardEmailOtpResendWait", wait),
                    MessageType.WARNING);
        }
        return sendNew(authSession, sender, address, config, purpose, logPrefix)
                ? new Page(masked, true, new FormMessage(null, "keywardEmailOtpResent", masked,
                        config.codeLifetimeInMinutes()), MessageType.SUCCESS)
                : new Page(masked, false, new FormMessage(null, "keywardEmailOtpSendFailed"), MessageType.ERROR);
    }

    private static FormMessage sentMessage(String masked, EmailOtpConfig config) {
        return new FormMessage(null, "keywardEmailOtpSent", masked, config.codeLifetimeInMinutes());
    }

    /** A page with an error: on the code field when it is shown, else above the form. */
    static Page fieldError(String address, boolean canEnter, String message, Object... parameters) {
        return new Page(EmailOtpCode.maskAddress(address), canEnter,
                new FormMessage(canEnter ? CODE_FIELD : null, message, parameters), MessageType.ERROR);
    }

    static boolean matches(String typed, EmailOtpChallenge challenge) {
        return TemporaryAccessPassHash.verify(typed, challenge.hash());
    }

    /** Renders the page; {@code registration}: the required action's wording. */
    static Response render(LoginFormsProvider form, Page page, boolean registration) {
        form.setAttribute("keywardEmailOtpAddress", page.address())
                .setAttribute("keywardEmailOtpCanEnter", page.canEnter())
                .setAttribute("keywardEmailOtpRegistration", registration);
        if (page.type() == MessageType.ERROR) {
            form.addError(page.message());
        } else {
            form.setMessage(page.type(), page.message().getMessage(), page.message().getParameters());
        }
        return form.createForm(TEMPLATE);
    }
}
