package io.keyward.keycloak.mfa;

import io.keyward.keycloak.signin.MfaNotes;
import io.keyward.keycloak.signin.MfaStrength;
import io.keyward.keycloak.signin.Refusals;
import io.keyward.keycloak.signin.RegistrationNotes;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The last word of the MFA sub-flow: the sign-in goes on only when it reached the recorded strength (SPEC §3.5).
 * Whatever went wrong before — a second factor below the strength, no second-factor sub-flow for that strength,
 * a method the policy does not allow this user — ends here in a refusal (fail closed). A sign-in that passes may
 * also make the method just used the user's default ({@link DefaultMethod}).
 */
public final class MfaSatisfiedAuthenticator implements Authenticator {

    static final MfaSatisfiedAuthenticator SINGLETON = new MfaSatisfiedAuthenticator();

    static final String STRENGTH_NOT_MET_MESSAGE = "keywardMfaStrengthNotMet_";

    private static final Logger LOG = Logger.getLogger(MfaSatisfiedAuthenticator.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        MfaStrength required = MfaNotes.requiredStrength(authSession.getAuthNote(MfaNotes.STRENGTH));
        if (MfaSatisfied.isSatisfied(required, authSession.getAuthNote(MfaNotes.METHOD),
                AuthenticatorUtil.getAuthnCredentials(authSession), authSession.getAuthNote(MfaNotes.ALLOWED_METHODS),
                authSession.getAuthNote(MfaNotes.SATISFIED_STRENGTH), authSession.getAuthNote(RegistrationNotes.MODE))) {
            DefaultMethod.applyChoice(context).ifPresent(type -> LOG.debugf("%s: %s made %s their default method",
                    MfaSatisfiedAuthenticatorFactory.PROVIDER_ID, context.getUser().getUsername(), type));
            context.success();
            return;
        }
        LOG.warnf("%s: the sign-in of %s did not reach %s (credentials used: %s); refused",
                MfaSatisfiedAuthenticatorFactory.PROVIDER_ID, context.getUser().getUsername(), required.value(),
                AuthenticatorUtil.getAuthnCredentials(authSession));
        Refusals.refuseBrowser(context, null, STRENGTH_NOT_MET_MESSAGE + required.value());
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
