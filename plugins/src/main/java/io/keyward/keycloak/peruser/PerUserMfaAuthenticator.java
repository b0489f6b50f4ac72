package io.keyward.keycloak.peruser;

import io.keyward.keycloak.signin.ClientAppType;
import io.keyward.keycloak.signin.DirectGrant;
import io.keyward.keycloak.signin.MfaNotes;
import io.keyward.keycloak.signin.MfaStrength;
import io.keyward.keycloak.signin.UserMethod;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Per-user MFA for one sign-in (SPEC §3.2). Browser: records the requirement. Direct grant (after the password):
 * refuses a user whose state asks for MFA, exactly like a wrong password, unless an app password was used. Also
 * the backstop of the {@code enabled} → {@code enforced} move, for methods registered without an event.
 */
public final class PerUserMfaAuthenticator implements Authenticator {

    static final PerUserMfaAuthenticator SINGLETON = new PerUserMfaAuthenticator();

    private static final Logger LOG = Logger.getLogger(PerUserMfaAuthenticator.class);
    private static final String ID = PerUserMfaAuthenticatorFactory.PROVIDER_ID;

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        ClientAppType clientAppType = ClientAppType.of(context.getHttpRequest());
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String attribute = user.getFirstAttribute(PerUserMfa.ATTRIBUTE);
        PerUserMfa.Decision decision = PerUserMfa.evaluate(attribute, hasMfaMethod(user), clientAppType);
        LOG.debugf("%s: user %s, state %s: %s", ID, user.getUsername(), attribute, decision);

        if (decision.moveToEnforced()) {
            moveToEnforced(user);
        }
        if (decision.evaluationError()) {
            LOG.warnf("%s: user %s has %s='%s', which is not a state; failing closed", ID, user.getUsername(),
                    PerUserMfa.ATTRIBUTE, attribute);
        }
        String source = decision.evaluationError() ? MfaNotes.SOURCE_EVALUATION_ERROR : decision.source();
        if (source == null) {
            context.success();
            return;
        }
        MfaNotes.recordRequirement(authSession, source, MfaStrength.MFA);
        if (clientAppType == ClientAppType.BROWSER || DirectGrant.appPasswordSatisfies(authSession, MfaStrength.MFA)) {
            context.success();
        } else {
            DirectGrant.refuse(context, null, DirectGrant.MFA_UNAVAILABLE);
        }
    }

    /** Any registered MFA credential counts (recovery codes too), as the vectors say. */
    static boolean hasMfaMethod(UserModel user) {
        return user.credentialManager().getStoredCredentialsStream()
                .anyMatch(credential -> UserMethod.ofCredentialType(credential.getType()).isPresent());
    }

    /** SPEC §3.2: {@code enabled} becomes {@code enforced} as soon as the user has registered a method. */
    static void moveToEnforced(UserModel user) {
        user.setSingleAttribute(PerUserMfa.ATTRIBUTE, PerUserMfa.State.ENFORCED.value());
        LOG.infof("%s: user %s has registered an MFA method: per-user MFA moved from enabled to enforced", ID,
                user.getUsername());
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
