package io.keyward.keycloak.events;

import io.keyward.keycloak.remember.RememberMfaEvents;
import io.keyward.keycloak.signin.MfaNotes;
import io.keyward.keycloak.signin.MfaStrength;
import io.keyward.keycloak.signin.SignInDetails;
import io.keyward.keycloak.signin.SignInNotes;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Never attached to a user. Keycloak calls {@link #evaluateTriggers} with the event builder that then records the
 * {@code LOGIN} event (browser flow, after required actions, SSO cookie, direct grant), so the sign-in's Keyward
 * notes become event details there. It also hands what the sign-in achieved to the SSO session: Keycloak copies
 * user-session notes into the user session once the required actions are done.
 */
public final class SignInDetailsRequiredAction implements RequiredActionProvider {

    static final SignInDetailsRequiredAction SINGLETON = new SignInDetailsRequiredAction();

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        SignInDetails.addTo(context.getEvent(), authSession, context.getHttpRequest());
        RememberMfaEvents.addTo(context.getEvent(), authSession);
        authSession.setUserSessionNote(SignInNotes.SSO_MFA_STRENGTHS, MfaStrength.joinList(MfaNotes.achieved(
                authSession.getAuthNote(MfaNotes.SATISFIED_STRENGTH), AuthenticatorUtil.getAuthnCredentials(authSession),
                authSession.getAuthNote(MfaNotes.METHOD))));
    }

    /** Attached to a user by mistake, it lets the user through rather than blocking the sign-in. */
    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        context.success();
    }

    @Override
    public void processAction(RequiredActionContext context) {
        context.success();
    }

    @Override
    public void close() {
    }
}
