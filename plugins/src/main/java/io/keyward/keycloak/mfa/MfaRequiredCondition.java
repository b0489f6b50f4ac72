package io.keyward.keycloak.mfa;

import java.util.List;
import java.util.Set;

import io.keyward.keycloak.signin.MfaNotes;
import io.keyward.keycloak.signin.MfaStrength;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * True when a source (or an evaluation error) recorded an MFA requirement that this sign-in has not satisfied yet at
 * the recorded strength: not by a TAP, the SSO session or remember-MFA ({@code keyward.mfa.satisfiedStrength}), nor
 * by a credential already used (a passkey as first factor).
 */
public final class MfaRequiredCondition implements ConditionalAuthenticator {

    static final MfaRequiredCondition SINGLETON = new MfaRequiredCondition();

    /** An evaluation error is recorded as a source too, so it makes the condition true. */
    static boolean isMfaRequired(String requiredByNote, String strengthNote, Set<MfaStrength> satisfied) {
        return !MfaNotes.sources(requiredByNote).isEmpty()
                && !satisfied.contains(MfaNotes.requiredStrength(strengthNote));
    }

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        List<String> used = AuthenticatorUtil.getAuthnCredentials(authSession);
        Set<MfaStrength> satisfied = MfaNotes.satisfied(authSession.getAuthNote(MfaNotes.SATISFIED_STRENGTH), used);
        // A remember-MFA mark stands in for mfa in this sign-in only; it is never carried into the SSO session.
        if (MfaNotes.METHOD_REMEMBER_MFA.equals(authSession.getAuthNote(MfaNotes.METHOD))) {
            satisfied.add(MfaStrength.MFA);
        }
        return isMfaRequired(authSession.getAuthNote(MfaNotes.REQUIRED_BY), authSession.getAuthNote(MfaNotes.STRENGTH),
                satisfied);
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
