package io.keyward.keycloak.mfa;

import java.util.List;

import io.keyward.keycloak.signin.KeywardConditionFactory;

public final class MfaRequiredConditionFactory extends KeywardConditionFactory {

    public static final String PROVIDER_ID = "keyward-condition-mfa-required";

    public MfaRequiredConditionFactory() {
        super(PROVIDER_ID,
                "Condition - Keyward MFA required",
                "True when a Keyward source recorded an MFA requirement for this sign-in.",
                List.of(),
                MfaRequiredCondition.SINGLETON);
    }
}
