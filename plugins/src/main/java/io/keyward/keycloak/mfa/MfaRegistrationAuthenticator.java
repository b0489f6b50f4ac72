package io.keyward.keycloak.mfa;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.keyward.keycloak.signin.MfaNotes;
import io.keyward.keycloak.signin.MfaStrength;
import io.keyward.keycloak.signin.NoteLists;
import io.keyward.keycloak.signin.Refusals;
import io.keyward.keycloak.signin.UserMethod;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.requiredactions.WebAuthnPasswordlessRegisterFactory;
import org.keycloak.authentication.requiredactions.WebAuthnRegisterFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.ModelToRepresentation;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Turns the sign-in into a registration when the user has no usable method for the recorded strength: attaches
 * Keycloak's registration required action to this sign-in, so the user registers (and proves) a method that meets
 * the strength before reaching the application. Refuses, with a message naming the strength, a user whose methods
 * cannot reach it (docs/architecture.md, "Strengths, registration and SSO").
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
        MfaRegistration.Decision decision = MfaRegistration.decide(allowed, registered(user), strength,
                !MfaNotes.satisfied(authSession).isEmpty());
        LOG.debugf("%s: user %s, strength %s: %s", ID, user.getUsername(), strength.value(), decision);

        switch (decision) {
            case NONE -> context.success();
            case REGISTER_OTP -> register(context, UserModel.RequiredAction.CONFIGURE_TOTP.name(),
                    MfaNotes.METHOD_REGISTRATION_OTP);
            case REGISTER_WEBAUTHN -> register(context, WebAuthnRegisterFactory.PROVIDER_ID,
                    MfaNotes.METHOD_REGISTRATION_WEBAUTHN);
            case REGISTER_PASSKEY -> register(context, WebAuthnPasswordlessRegisterFactory.PROVIDER_ID,
                    MfaNotes.METHOD_REGISTRATION_PASSKEY);
            case DENY_NOT_CONFIGURED -> Refusals.refuseBrowser(context, null, MFA_NOT_CONFIGURED_MESSAGE);
            case DENY_STRENGTH -> {
                LOG.infof("%s: none of the methods of user %s reaches %s; refused", ID, user.getUsername(),
                        strength.value());
                Refusals.refuseBrowser(context, null, STRENGTH_UNREACHABLE_MESSAGE + strength.value());
            }
        }
    }

    private static Set<UserMethod> registered(UserModel user) {
        Set<UserMethod> registered = EnumSet.noneOf(UserMethod.class);
        user.credentialManager().getStoredCredentialsStream()
                .forEach(credential -> UserMethod.ofCredentialType(credential.getType()).ifPresent(registered::add));
        return registered;
    }

    /** A disabled registration action would be skipped silently by Keycloak, letting the user in without MFA. */
    private static void register(AuthenticationFlowContext context, String requiredAction, String method) {
        RealmModel realm = context.getRealm();
        RequiredActionProviderModel model = realm.getRequiredActionProviderByAlias(requiredAction);
        if (model == null || !model.isEnabled()) {
            LOG.warnf("%s: required action %s is not enabled in realm %s; failing closed", ID, requiredAction,
                    realm.getName());
            Refusals.refuseBrowser(context, null, MFA_NOT_CONFIGURED_MESSAGE);
            return;
        }
        context.getAuthenticationSession().addRequiredAction(requiredAction);
        context.getAuthenticationSession().setAuthNote(MfaNotes.METHOD, method);
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
