package io.keyward.keycloak.events;

import io.keyward.keycloak.signin.SignInDetails;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;

/**
 * Never attached to a user. Keycloak calls {@link #evaluateTriggers} with the event builder that then records the
 * {@code LOGIN} event (browser flow, after required actions, SSO cookie, direct grant), so the sign-in's Keyward
 * notes become event details there.
 */
public final class SignInDetailsRequiredAction implements RequiredActionProvider {

    static final SignInDetailsRequiredAction SINGLETON = new SignInDetailsRequiredAction();

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        SignInDetails.addTo(context.getEvent(), context.getAuthenticationSession(), context.getHttpRequest());
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
