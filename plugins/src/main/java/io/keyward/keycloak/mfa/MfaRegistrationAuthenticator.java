package io.keyward.keycloak.mfa;

import io.keyward.keycloak.signin.MfaNotes;
import io.keyward.keycloak.signin.SignInDetails;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.requiredactions.WebAuthnRegisterFactory;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;

/**
 * Turns the sign-in into a registration when the user has none of the allowed methods: attaches Keycloak's
 * registration required action to this sign-in, so the user registers before reaching the application.
 */
public final class MfaRegistrationAuthenticator implements Authenticator {

    static final MfaRegistrationAuthenticator SINGLETON = new MfaRegistrationAuthenticator();

    static final String MFA_NOT_CONFIGURED_MESSAGE = "keywardMfaNotConfigured";

    private static final Logger LOG = Logger.getLogger(MfaRegistrationAuthenticator.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        MfaRegistrationConfig config = new MfaRegistrationConfig(context.getAuthenticatorConfig());
        config.problems().forEach(problem -> LOG.warnf("%s: %s; failing closed",
                MfaRegistrationAuthenticatorFactory.PROVIDER_ID, problem));
        UserModel user = context.getUser();
        MfaRegistration.Decision decision = MfaRegistration.decide(config.methods(),
                hasCredential(user, OTPCredentialModel.TYPE),
                hasCredential(user, WebAuthnCredentialModel.TYPE_TWOFACTOR)
                        || hasCredential(user, WebAuthnCredentialModel.TYPE_PASSWORDLESS));
        LOG.debugf("%s: user %s: %s", MfaRegistrationAuthenticatorFactory.PROVIDER_ID, user.getUsername(), decision);

        switch (decision) {
            case NONE -> context.success();
            case REGISTER_OTP -> register(context, UserModel.RequiredAction.CONFIGURE_TOTP.name(),
                    MfaNotes.METHOD_REGISTRATION_OTP);
            case REGISTER_WEBAUTHN -> register(context, WebAuthnRegisterFactory.PROVIDER_ID,
                    MfaNotes.METHOD_REGISTRATION_WEBAUTHN);
            case DENY -> deny(context);
        }
    }

    private static boolean hasCredential(UserModel user, String type) {
        return user.credentialManager().getStoredCredentialsByTypeStream(type).findAny().isPresent();
    }

    /** A disabled registration action would be skipped silently by Keycloak, letting the user in without MFA. */
    private static void register(AuthenticationFlowContext context, String requiredAction, String method) {
        RealmModel realm = context.getRealm();
        RequiredActionProviderModel model = realm.getRequiredActionProviderByAlias(requiredAction);
        if (model == null || !model.isEnabled()) {
            LOG.warnf("%s: required action %s is not enabled in realm %s; failing closed",
                    MfaRegistrationAuthenticatorFactory.PROVIDER_ID, requiredAction, realm.getName());
            deny(context);
            return;
        }
        context.getAuthenticationSession().addRequiredAction(requiredAction);
        context.getAuthenticationSession().setAuthNote(MfaNotes.METHOD, method);
        context.success();
    }

    private static void deny(AuthenticationFlowContext context) {
        EventBuilder event = context.getEvent();
        SignInDetails.addTo(event, context.getAuthenticationSession(), context.getHttpRequest());
        event.error(Errors.ACCESS_DENIED);
        Response challenge = context.form()
                .setError(MFA_NOT_CONFIGURED_MESSAGE)
                .createErrorPage(Response.Status.UNAUTHORIZED);
        context.failure(AuthenticationFlowError.ACCESS_DENIED, challenge);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
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
