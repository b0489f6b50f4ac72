package io.keyward.keycloak.tap;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.keyward.keycloak.signin.MfaNotes;
import io.keyward.keycloak.signin.Refusals;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * After the requirement steps, before MFA: refuses a TAP sign-in that needs more than {@code mfa}, and offers a user
 * signed in with a pass to register a passkey or an authenticator app (Keycloak's own required actions, which run
 * before the sign-in completes). Passes through every other sign-in.
 */
public final class TemporaryAccessPassOnboardingAuthenticator implements Authenticator {

    static final TemporaryAccessPassOnboardingAuthenticator SINGLETON = new TemporaryAccessPassOnboardingAuthenticator();

    static final String TEMPLATE = "login-keyward-temporary-access-pass-onboarding.ftl";
    static final String CHOICE_FIELD = "onboarding";
    static final String METHODS_ATTRIBUTE = "keywardOnboardingMethods";
    static final String STRENGTH_INSUFFICIENT_MESSAGE = "keywardTapStrengthInsufficient";

    private static final Logger LOG = Logger.getLogger(TemporaryAccessPassOnboardingAuthenticator.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        TemporaryAccessPassOnboarding.Decision decision = TemporaryAccessPassOnboarding.decide(
                authSession.getAuthNote(MfaNotes.METHOD), authSession.getAuthNote(MfaNotes.REQUIRED_BY),
                authSession.getAuthNote(MfaNotes.STRENGTH));
        switch (decision) {
            case NOT_A_PASS_SIGN_IN -> context.success();
            case REFUSE_STRENGTH -> refuse(context, authSession);
            case ONBOARD -> offer(context);
        }
    }

    private static void refuse(AuthenticationFlowContext context, AuthenticationSessionModel authSession) {
        LOG.debugf("%s: user %s signed in with a pass, but %s is required", TemporaryAccessPassOnboardingAuthenticatorFactory.PROVIDER_ID,
                context.getUser().getUsername(), authSession.getAuthNote(MfaNotes.STRENGTH));
        context.getEvent()
                .detail(TemporaryAccessPassEvents.ACTION, TemporaryAccessPassEvents.REFUSED)
                .detail(TemporaryAccessPassEvents.REASON, TemporaryAccessPassEvents.STRENGTH_INSUFFICIENT);
        Refusals.refuseBrowser(context, null, STRENGTH_INSUFFICIENT_MESSAGE);
    }

    private static void offer(AuthenticationFlowContext context) {
        List<String> offered = onboardingMethods(context.getRealm(), context.getUser()).stream()
                .map(OnboardingMethod::value)
                .toList();
        if (offered.isEmpty()) {
            context.success();
            return;
        }
        context.challenge(context.form().setAttribute(METHODS_ATTRIBUTE, offered).createForm(TEMPLATE));
    }

    /** The methods the policy lets this user register whose Keycloak required action is enabled. */
    private static List<OnboardingMethod> onboardingMethods(RealmModel realm, UserModel user) {
        Optional<TemporaryAccessPassPolicy> policy = TemporaryAccessPasses.policy(realm);
        if (policy.isEmpty()) {
            return List.of();
        }
        Set<String> groups = TemporaryAccessPasses.groupPaths(user);
        return Arrays.stream(OnboardingMethod.values())
                .filter(method -> method.targets(policy.get()).appliesTo(groups))
                .filter(method -> {
                    RequiredActionProviderModel action = realm.getRequiredActionProviderByAlias(method.requiredAction());
                    return action != null && action.isEnabled();
                })
                .toList();
    }

    /** The user's choice: a method to register now (checked against what may be offered), or none. */
    @Override
    public void action(AuthenticationFlowContext context) {
        String choice = context.getHttpRequest().getDecodedFormParameters().getFirst(CHOICE_FIELD);
        OnboardingMethod.parse(choice)
                .filter(method -> onboardingMethods(context.getRealm(), context.getUser()).contains(method))
                .ifPresent(method -> context.getAuthenticationSession().addRequiredAction(method.requiredAction()));
        context.success();
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
