package io.keyward.keycloak.ca;

import io.keyward.keycloak.signin.KeywardAuthenticatorFactory;

public final class ConditionalAccessGrantFactory extends KeywardAuthenticatorFactory {

    public static final String PROVIDER_ID = "keyward-ca-grant";

    public ConditionalAccessGrantFactory() {
        super(PROVIDER_ID,
                "Keyward Conditional Access grant",
                "Records, enforces or reports what the Conditional Access policy in its config asks of this sign-in.",
                REQUIRED_OR_DISABLED,
                ConditionalAccessConfigProperties.CONFIG_PROPERTIES,
                ConditionalAccessGrant.SINGLETON);
    }
}
