package io.keyward.keycloak.tap;

import java.util.List;

import io.keyward.keycloak.signin.KeywardAuthenticatorFactory;

public final class TemporaryAccessPassAuthenticatorFactory extends KeywardAuthenticatorFactory {

    public static final String PROVIDER_ID = "keyward-temporary-access-pass";

    public TemporaryAccessPassAuthenticatorFactory() {
        super(PROVIDER_ID,
                "Keyward Temporary Access Pass",
                "Sign-in with an admin-issued Temporary Access Pass instead of password and second factor; the policy"
                        + " comes from the realm attribute keyward.policy.",
                ALTERNATIVE_OR_DISABLED,
                List.of(),
                TemporaryAccessPassAuthenticator.SINGLETON);
    }

    /**
     * The TAP's own category, which Keycloak's brute-force protector ignores; the authenticator counts wrong codes
     * itself, as password failures.
     */
    @Override
    public String getReferenceCategory() {
        return TemporaryAccessPassCredentialModel.TYPE;
    }
}
