package io.keyward.keycloak.mfa;

import java.util.List;

import io.keyward.keycloak.signin.KeywardAuthenticatorFactory;

public final class MfaSatisfiedAuthenticatorFactory extends KeywardAuthenticatorFactory {

    public static final String PROVIDER_ID = "keyward-mfa-satisfied";

    public MfaSatisfiedAuthenticatorFactory() {
        super(PROVIDER_ID,
                "Keyward MFA satisfied",
                "Refuses the sign-in unless the MFA step reached the strength this sign-in must reach.",
                REQUIRED_OR_DISABLED,
                List.of(),
                MfaSatisfiedAuthenticator.SINGLETON);
    }
}
