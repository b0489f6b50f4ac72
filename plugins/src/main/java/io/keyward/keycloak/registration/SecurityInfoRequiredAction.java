package io.keyward.keycloak.registration;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.keyward.keycloak.signin.MfaNotes;
import io.keyward.keycloak.signin.MfaStrength;
import io.keyward.keycloak.signin.NoteLists;
import io.keyward.keycloak.signin.RegistrationNotes;
import io.keyward.keycloak.signin.UserMethod;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The chooser of the combined registration ("Keep your account secure"): lists the methods on offer, most secure
 * first, and "Not now" when the campaign grants a snooze. The choice attaches Keycloak's registration action and the
 * summary. Attached only by {@code keyward-mfa-registration} and {@code keyward-registration-nudge}; without their
 * notes it does nothing.
 */
public final class SecurityInfoRequiredAction implements RequiredActionProvider {

    static final SecurityInfoRequiredAction SINGLETON = new SecurityInfoRequiredAction();

    static final String TEMPLATE = "login-keyward-security-info.ftl";
    static final String CHOICE_FIELD = "method";
    static final String NOT_NOW = "notNow";
    static final String BACK = "back";
    static final String NOT_CONFIGURED_MESSAGE = "keywardMfaNotConfigured";
    static final String CHOOSE_MESSAGE = "keywardSecurityInfoChoose";

    private static final Logger LOG = Logger.getLogger(SecurityInfoRequiredAction.class);

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String mode = authSession.getAuthNote(RegistrationNotes.MODE);
        if (!isWizard(mode)) {
            context.success();
            return;
        }
        if (RegistrationNotes.MODE_REGISTER.equals(mode) && registeredElsewhere(context)) {
            context.success();
            return;
        }
        List<SecurityInfoMethod> available = available(context);
        if (available.isEmpty()) {
            if (!SecurityInfo.methods(authSession, RegistrationNotes.REGISTERED).isEmpty()) {
                authSession.addRequiredAction(SecurityInfo.SUMMARY);
                context.success();
            } else if (RegistrationNotes.MODE_NUDGE.equals(mode)) {
                context.success();
            } else {
                LOG.warnf("%s: nothing left to offer user %s; failing closed", SecurityInfo.CHOOSER,
                        context.getUser().getUsername());
                context.challenge(context.form().setError(NOT_CONFIGURED_MESSAGE)
                        .createErrorPage(Response.Status.UNAUTHORIZED));
            }
            return;
        }
        context.challenge(page(context, available, null));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String mode = authSession.getAuthNote(RegistrationNotes.MODE);
        if (!isWizard(mode)) {
            context.success();
            return;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String choice = form.getFirst(CHOICE_FIELD);
        if (NOT_NOW.equals(choice) && snoozable(authSession)) {
            snooze(context, mode);
            context.success();
            return;
        }
        if (BACK.equals(choice) && !SecurityInfo.methods(authSession, RegistrationNotes.REGISTERED).isEmpty()) {
            authSession.addRequiredAction(SecurityInfo.SUMMARY);
            context.success();
            return;
        }
        List<SecurityInfoMethod> available = available(context);
        Optional<SecurityInfoMethod> chosen = SecurityInfoMethod.parse(choice).filter(available::contains);
        if (chosen.isEmpty()) {
            context.challenge(page(context, available, CHOOSE_MESSAGE));
            return;
        }
        SecurityInfo.addMethod(authSession, RegistrationNotes.CHOSEN, chosen.get());
        authSession.addRequiredAction(chosen.get().requiredAction());
        authSession.addRequiredAction(SecurityInfo.SUMMARY);
        context.success();
    }

    static boolean isWizard(String mode) {
        return RegistrationNotes.MODE_REGISTER.equals(mode) || RegistrationNotes.MODE_NUDGE.equals(mode);
    }

    /**
     * On offer and not registered yet in this sign-in, with the registration action still enabled and still
     * registrable (an administrator may have removed the email address meanwhile).
     */
    static List<SecurityInfoMethod> available(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        List<SecurityInfoMethod> registered = SecurityInfo.methods(authSession, RegistrationNotes.REGISTERED);
        return SecurityInfo.methods(authSession, RegistrationNotes.OFFER).stream()
                .filter(method -> !registered.contains(method))
                .filter(method -> SecurityInfo.isEnabled(context.getRealm(), method.requiredAction()))
                .filter(method -> method.registrableWith(context.getUser().getEmail()))
                .toList();
    }

    /** "Not now": only when the campaign granted it and nothing was registered yet in this sign-in. */
    static boolean snoozable(AuthenticationSessionModel authSession) {
        String left = authSession.getAuthNote(RegistrationNotes.SNOOZES_LEFT);
        boolean granted = RegistrationNotes.UNLIMITED.equals(left) || left != null && !left.equals("0");
        return granted && SecurityInfo.methods(authSession, RegistrationNotes.REGISTERED).isEmpty();
    }

    /**
     * A registration action attached to the user by an administrator (e.g. {@code CONFIGURE_TOTP}) ran before the
     * chooser and registered a method that meets the strength: that is this sign-in's registration.
     */
    private static boolean registeredElsewhere(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (!SecurityInfo.methods(authSession, RegistrationNotes.CHOSEN).isEmpty()) {
            return false;
        }
        MfaStrength strength = MfaNotes.requiredStrength(authSession.getAuthNote(MfaNotes.STRENGTH));
        List<String> before = NoteLists.items(authSession.getAuthNote(
                RegistrationNotes.BEFORE));
        Optional<UserMethod> added = SecurityInfo.registeredMethods(context.getUser()).stream()
                .filter(method -> !before.contains(method.value()) && method.meets(strength))
                .findFirst();
        added.ifPresent(method -> SecurityInfoSummaryRequiredAction.completeRegistration(context, method));
        return added.isPresent();
    }

    private static void snooze(RequiredActionContext context, String mode) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        UserModel user = context.getUser();
        boolean register = RegistrationNotes.MODE_REGISTER.equals(mode);
        String attribute = register ? Snooze.REGISTRATION_ATTRIBUTE : Snooze.NUDGE_ATTRIBUTE;
        Snooze stored = Snooze.parse(user.getFirstAttribute(attribute)).orElse(Snooze.NONE);
        Snooze taken = stored.taken(Instant.now(), snoozeDays(authSession));
        user.setSingleAttribute(attribute, taken.format());
        authSession.setAuthNote(RegistrationNotes.SNOOZE,
                register ? RegistrationNotes.SNOOZE_REGISTRATION : RegistrationNotes.SNOOZE_NUDGE);
        authSession.setAuthNote(RegistrationNotes.SNOOZES_USED, Integer.toString(taken.snoozes()));
        authSession.setAuthNote(RegistrationNotes.SNOOZED_UNTIL, taken.snoozedUntil().toString());
        if (register) {
            authSession.setAuthNote(RegistrationNotes.MODE, RegistrationNotes.MODE_SNOOZED);
        }
        LOG.debugf("%s: user %s chose \"Not now\" (%s, snooze %d)", SecurityInfo.CHOOSER, user.getUsername(), mode,
                taken.snoozes());
    }

    private static int snoozeDays(AuthenticationSessionModel authSession) {
        try {
            return Integer.parseInt(authSession.getAuthNote(RegistrationNotes.SNOOZE_DAYS));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Response page(RequiredActionContext context, List<SecurityInfoMethod> available, String error) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String left = authSession.getAuthNote(RegistrationNotes.SNOOZES_LEFT);
        var form = context.form()
                .setAttribute("keywardSecurityInfoMethods", available.stream().map(SecurityInfoMethod::value).toList())
                .setAttribute("keywardSecurityInfoMode", authSession.getAuthNote(RegistrationNotes.MODE))
                .setAttribute("keywardSecurityInfoAdding",
                        !SecurityInfo.methods(authSession, RegistrationNotes.REGISTERED).isEmpty())
                .setAttribute("keywardSnoozable", snoozable(authSession))
                .setAttribute("keywardSnoozesLeft", RegistrationNotes.UNLIMITED.equals(left) ? null : left)
                .setAttribute("keywardSnoozeDays", authSession.getAuthNote(RegistrationNotes.SNOOZE_DAYS));
        if (error != null) {
            form.setError(error);
        }
        return form.createForm(TEMPLATE);
    }

    @Override
    public void close() {
    }
}
