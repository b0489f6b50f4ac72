package io.keyward.keycloak.mfa;

import io.keyward.keycloak.signin.MfaNotes;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** True when a source (or an evaluation error) recorded an MFA requirement for this sign-in. */
public final class MfaRequiredCondition implements ConditionalAuthenticator {

    static final MfaRequiredCondition SINGLETON = new MfaRequiredCondition();

    /** An evaluation error is recorded as a source too, so it makes the condition true. */
    static boolean isMfaRequired(String requiredByNote) {
        return !MfaNotes.sources(requiredByNote).isEmpty();
    }

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        return isMfaRequired(context.getAuthenticationSession().getAuthNote(MfaNotes.REQUIRED_BY));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
