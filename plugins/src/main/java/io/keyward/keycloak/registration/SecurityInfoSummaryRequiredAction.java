package io.keyward.keycloak.registration;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.keyward.keycloak.signin.MfaNotes;
import io.keyward.keycloak.signin.MfaStrength;
import io.keyward.keycloak.signin.RegistrationNotes;
import io.keyward.keycloak.signin.UserMethod;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The summary of the combined registration: what was registered in this sign-in, "Add another method" and "Done".
 * It is also the wizard's check: a chosen method counts only once Keycloak dropped its registration action after
 * success (and, where Keycloak stores a credential, the credential exists); without a method that meets the strength
 * the user goes back to the chooser, never on to the application (fail closed).
 */
public final class SecurityInfoSummaryRequiredAction implements RequiredActionProvider {

    static final SecurityInfoSummaryRequiredAction SINGLETON = new SecurityInfoSummaryRequiredAction();

    static final String TEMPLATE = "login-keyward-security-info-summary.ftl";
    static final String CHOICE_FIELD = "next";
    static final String ADD = "add";
    static final String DONE = "done";

    private static final Logger LOG = Logger.getLogger(SecurityInfoSummaryRequiredAction.class);

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String mode = authSession.getAuthNote(RegistrationNotes.MODE);
        if (!SecurityInfoRequiredAction.isWizard(mode)) {
            context.success();
            return;
        }
        List<SecurityInfoMethod> registered = new ArrayList<>();
        Set<UserMethod> stored = SecurityInfo.registeredMethods(context.getUser());
        for (SecurityInfoMethod chosen : SecurityInfo.methods(authSession, RegistrationNotes.CHOSEN)) {
            if (authSession.getRequiredActions().contains(chosen.requiredAction())) {
                if (SecurityInfo.isEnabled(context.getRealm(), chosen.requiredAction())) {
                    // Its priority puts it after the summary: let it run first, the summary comes back after it.
                    context.ignore();
                    return;
                }
                LOG.warnf("%s: required action %s was disabled before user %s could register; not counted",
                        SecurityInfo.SUMMARY, chosen.requiredAction(), context.getUser().getUsername());
                authSession.removeRequiredAction(chosen.requiredAction());
            } else if (stored.contains(chosen.method()) || !chosen.method().isStoredAsCredential()) {
                registered.add(chosen);
            }
        }
        SecurityInfo.setMethods(authSession, RegistrationNotes.CHOSEN, registered);
        SecurityInfo.setMethods(authSession, RegistrationNotes.REGISTERED, registered);
        MfaStrength strength = MfaNotes.requiredStrength(authSession.getAuthNote(MfaNotes.STRENGTH));
        boolean enough = RegistrationNotes.MODE_NUDGE.equals(mode) ? !registered.isEmpty()
                : registered.stream().anyMatch(method -> method.method().meets(strength));
        if (!enough) {
            authSession.addRequiredAction(SecurityInfo.CHOOSER);
            context.success();
            return;
        }
        context.challenge(page(context, registered));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String mode = authSession.getAuthNote(RegistrationNotes.MODE);
        String choice = context.getHttpRequest().getDecodedFormParameters().getFirst(CHOICE_FIELD);
        List<SecurityInfoMethod> registered = SecurityInfo.methods(authSession, RegistrationNotes.REGISTERED);
        if (ADD.equals(choice) && !SecurityInfoRequiredAction.available(context).isEmpty()) {
            authSession.addRequiredAction(SecurityInfo.CHOOSER);
            context.success();
            return;
        }
        if (!DONE.equals(choice)) {
            context.challenge(page(context, registered));
            return;
        }
        if (RegistrationNotes.MODE_REGISTER.equals(mode)) {
            MfaStrength strength = MfaNotes.requiredStrength(authSession.getAuthNote(MfaNotes.STRENGTH));
            registered.stream().map(SecurityInfoMethod::method).filter(method -> method.meets(strength)).findFirst()
                    .ifPresent(method -> completeRegistration(context, method));
        } else {
            context.getUser().removeAttribute(Snooze.NUDGE_ATTRIBUTE);
        }
        context.success();
    }

    /** The sign-in's MFA is the registration of {@code method}; the grace's snoozes are over. */
    static void completeRegistration(RequiredActionContext context, UserMethod method) {
        context.getAuthenticationSession().setAuthNote(MfaNotes.METHOD, MfaNotes.registrationMethod(method));
        context.getUser().removeAttribute(Snooze.REGISTRATION_ATTRIBUTE);
    }

    private static Response page(RequiredActionContext context, List<SecurityInfoMethod> registered) {
        return context.form()
                .setAttribute("keywardRegisteredMethods", registered.stream().map(SecurityInfoMethod::value).toList())
                .setAttribute("keywardCanAddMethod", !SecurityInfoRequiredAction.available(context).isEmpty())
                .createForm(TEMPLATE);
    }

    @Override
    public void close() {
    }
}
