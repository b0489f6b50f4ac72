package io.keyward.keycloak.securitydefaults;

import io.keyward.keycloak.signin.KeywardAuthenticatorFactory;

public final class SecurityDefaultsAuthenticatorFactory extends KeywardAuthenticatorFactory {

    public static final String PROVIDER_ID = "keyward-security-defaults";

    public SecurityDefaultsAuthenticatorFactory() {
        super(PROVIDER_ID,
                "Keyward security defaults",
                "Security defaults as in Entra: MFA for every browser sign-in, the password grant blocked.",
                REQUIRED_OR_DISABLED,
                SecurityDefaultsConfigProperties.CONFIG_PROPERTIES,
                SecurityDefaultsAuthenticator.SINGLETON);
    }
}
