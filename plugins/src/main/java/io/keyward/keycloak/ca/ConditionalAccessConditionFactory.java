package io.keyward.keycloak.ca;

import io.keyward.keycloak.signin.KeywardConditionFactory;

public final class ConditionalAccessConditionFactory extends KeywardConditionFactory {

    public static final String PROVIDER_ID = "keyward-condition-ca-applies";

    public ConditionalAccessConditionFactory() {
        super(PROVIDER_ID,
                "Condition - Keyward Conditional Access policy applies",
                "True when the Conditional Access policy in its config applies to this sign-in (or cannot be decided).",
                ConditionalAccessConfigProperties.CONFIG_PROPERTIES,
                ConditionalAccessCondition.SINGLETON);
    }
}
