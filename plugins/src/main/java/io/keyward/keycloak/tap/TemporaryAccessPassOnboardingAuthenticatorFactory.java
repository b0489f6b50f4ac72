package io.keyward.keycloak.tap;

import java.util.List;

import io.keyward.keycloak.signin.KeywardAuthenticatorFactory;

public final class TemporaryAccessPassOnboardingAuthenticatorFactory extends KeywardAuthenticatorFactory {

    /** Keycloak stores an execution's provider id in 36 characters, hence "tap" here. */
    public static final String PROVIDER_ID = "keyward-tap-onboarding";

    public TemporaryAccessPassOnboardingAuthenticatorFactory() {
        super(PROVIDER_ID,
                "Keyward Temporary Access Pass onboarding",
                "After a TAP sign-in: refuses it when more than mfa is required, else offers to register a passkey or"
                        + " an authenticator app. Place after every source of MFA requirements, before the MFA step.",
                REQUIRED_OR_DISABLED,
                List.of(),
                TemporaryAccessPassOnboardingAuthenticator.SINGLETON);
    }
}
