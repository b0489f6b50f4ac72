package io.keyward.keycloak.session;

import io.keyward.keycloak.signin.MfaNotes;
import io.keyward.keycloak.signin.MfaStrength;
import io.keyward.keycloak.signin.SignInNotes;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.LoginProtocol;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.messages.Messages;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * SSO from Keycloak's identity cookie, as the first factor of a Keyward sign-in. Unlike {@code auth-cookie} it does
 * not end the flow: Keyward's requirement steps run after it as after a password, and MFA asks only for what the
 * SSO session has not done yet. It carries over the session's last full authentication time and the strengths of
 * MFA done in it. The cookie is not accepted (the user is kept, so the first factor asks only for the password) on
 * {@code prompt=login} / {@code max_age}, in a forked flow, and after a policy's sign-in frequency restarted the flow.
 */
public final class KeywardCookieAuthenticator implements Authenticator {

    static final KeywardCookieAuthenticator SINGLETON = new KeywardCookieAuthenticator();

    private static final Logger LOG = Logger.getLogger(KeywardCookieAuthenticator.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationManager.AuthResult sso =
                AuthenticationManager.authenticateIdentityCookie(context.getSession(), context.getRealm(), true);
        if (sso == null) {
            context.attempted();
            return;
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        UserSessionModel userSession = sso.session();
        LoginProtocol protocol = context.getSession().getProvider(LoginProtocol.class, authSession.getProtocol());
        context.setUser(sso.user());
        String reauthenticateFor = authSession.getAuthNote(SignInNotes.REAUTHENTICATE);
        if (reauthenticateFor != null || protocol.requireReauthentication(userSession, authSession)) {
            LOG.debugf("%s: user %s must authenticate again (%s)", KeywardCookieAuthenticatorFactory.PROVIDER_ID,
                    sso.user().getUsername(), reauthenticateFor == null ? "requested by the client"
                            : "sign-in frequency of policy '" + reauthenticateFor + "'");
            authSession.setAuthNote(AuthenticationManager.FORCED_REAUTHENTICATION, "true");
            context.setForwardedInfoMessage(Messages.REAUTHENTICATE);
            context.attempted();
            return;
        }
        if (AuthenticatorUtil.isForkedFlow(authSession)) {
            context.attempted();
            return;
        }
        authSession.setAuthNote(AuthenticationManager.SSO_AUTH, "true");
        String authTime = userSession.getNote(AuthenticationManager.AUTH_TIME);
        if (authTime != null) {
            authSession.setAuthNote(SignInNotes.SSO_AUTH_TIME, authTime);
        }
        MfaNotes.addSatisfied(authSession, MfaStrength.parseList(userSession.getNote(SignInNotes.SSO_MFA_STRENGTHS)));
        context.attachUserSession(userSession);
        context.success();
    }

    @Override
    public void action(AuthenticationFlowContext context) {
    }

    @Override
    public boolean requiresUser() {
        return false;
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
