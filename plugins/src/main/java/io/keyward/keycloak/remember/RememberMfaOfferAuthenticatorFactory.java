package io.keyward.keycloak.remember;

import io.keyward.keycloak.signin.KeywardAuthenticatorFactory;

public final class RememberMfaOfferAuthenticatorFactory extends KeywardAuthenticatorFactory {

    public static final String PROVIDER_ID = "keyward-remember-mfa-offer";

    public RememberMfaOfferAuthenticatorFactory() {
        super(PROVIDER_ID,
                "Keyward remember MFA offer",
                "After a fresh MFA where a mark would count: asks whether this browser should not ask again for the"
                        + " configured days, and sets the signed mark. Place after the MFA step.",
                REQUIRED_OR_DISABLED,
                RememberMfaConfigProperties.CONFIG_PROPERTIES,
                RememberMfaOfferAuthenticator.SINGLETON);
    }
}
