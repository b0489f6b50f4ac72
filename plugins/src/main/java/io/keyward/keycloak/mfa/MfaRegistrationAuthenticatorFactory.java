package io.keyward.keycloak.mfa;

import io.keyward.keycloak.signin.KeywardAuthenticatorFactory;

public final class MfaRegistrationAuthenticatorFactory extends KeywardAuthenticatorFactory {

    public static final String PROVIDER_ID = "keyward-mfa-registration";

    public MfaRegistrationAuthenticatorFactory() {
        super(PROVIDER_ID,
                "Keyward MFA registration",
                "Makes a user without an allowed MFA method register one in this sign-in.",
                REQUIRED_OR_DISABLED,
                MfaRegistrationConfigProperties.CONFIG_PROPERTIES,
                MfaRegistrationAuthenticator.SINGLETON);
    }
}
