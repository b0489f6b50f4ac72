package io.keyward.keycloak.remember;

import io.keyward.keycloak.signin.KeywardAuthenticatorFactory;

public final class RememberMfaAuthenticatorFactory extends KeywardAuthenticatorFactory {

    public static final String PROVIDER_ID = "keyward-remember-mfa";

    public RememberMfaAuthenticatorFactory() {
        super(PROVIDER_ID,
                "Keyward remember MFA",
                "When MFA is still required and the browser holds a valid remember-MFA mark for this user that may"
                        + " count here (strength mfa, not refused by security defaults), the mark stands in for MFA. Place after"
                        + " every source of MFA requirements, before the MFA step.",
                REQUIRED_OR_DISABLED,
                RememberMfaConfigProperties.CONFIG_PROPERTIES,
                RememberMfaAuthenticator.SINGLETON);
    }
}
