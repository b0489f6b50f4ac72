package io.keyward.keycloak.peruser;

import java.util.List;

import io.keyward.keycloak.signin.KeywardAuthenticatorFactory;

public final class PerUserMfaAuthenticatorFactory extends KeywardAuthenticatorFactory {

    public static final String PROVIDER_ID = "keyward-per-user-mfa";

    public PerUserMfaAuthenticatorFactory() {
        super(PROVIDER_ID,
                "Keyward per-user MFA",
                "Per-user MFA as in Entra (disabled, enabled, enforced), from the user attribute keyward.perUserMfaState.",
                REQUIRED_OR_DISABLED,
                List.of(),
                PerUserMfaAuthenticator.SINGLETON);
    }
}
