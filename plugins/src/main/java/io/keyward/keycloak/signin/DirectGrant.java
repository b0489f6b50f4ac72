package io.keyward.keycloak.signin;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Refusals on the direct grant (client app type {@code other}) that are neither password nor username oracles
 * (docs/architecture.md, "Direct-grant flow"): before the user is known the answer is the same for every username
 * and password, so it may say why; after the password it must read exactly like a wrong password.
 */
public final class DirectGrant {

    /** The credential type the app-password step records as used; it stands in for password plus MFA (SPEC §5). */
    public static final String APP_PASSWORD_CREDENTIAL_TYPE = "keyward-app-password";

    public static final String MFA_UNAVAILABLE =
            "Multi-factor authentication is required for this sign-in; the password grant cannot provide it.";

    private DirectGrant() {
    }

    /** Whether an app password was used in this sign-in and the requirement is plain {@code mfa}. */
    public static boolean appPasswordSatisfies(AuthenticationSessionModel authSession, MfaStrength strength) {
        return strength == MfaStrength.MFA
                && AuthenticatorUtil.getAuthnCredentials(authSession).contains(APP_PASSWORD_CREDENTIAL_TYPE);
    }

    /** {@code description} while no user is known; after that the answer to a wrong password. */
    public static void refuse(AuthenticationFlowContext context, String blockedBy, String description) {
        Refusals.refuseDirectGrant(context, blockedBy,
                context.getUser() == null ? description : Refusals.INVALID_USER_CREDENTIALS);
    }
}
