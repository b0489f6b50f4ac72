package io.keyward.keycloak.mfa;

import static org.keycloak.provider.ProviderConfigProperty.LIST_TYPE;

import java.util.List;

import io.keyward.keycloak.signin.KeywardConditionFactory;
import io.keyward.keycloak.signin.MfaStrength;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

public final class MfaStrengthConditionFactory extends KeywardConditionFactory {

    public static final String PROVIDER_ID = "keyward-condition-mfa-strength";

    private static final List<ProviderConfigProperty> CONFIG_PROPERTIES = ProviderConfigurationBuilder.create()
            .property(new ProviderConfigProperty(MfaStrengthCondition.STRENGTH, "Strength",
                    "The strength this second-factor sub-flow reaches.", LIST_TYPE, MfaStrength.MFA.value(),
                    MfaStrength.MFA.value(), MfaStrength.PASSWORDLESS_MFA.value(),
                    MfaStrength.PHISHING_RESISTANT_MFA.value()))
            .build();

    public MfaStrengthConditionFactory() {
        super(PROVIDER_ID,
                "Condition - Keyward MFA strength",
                "True when its strength is the one this sign-in must reach (picks the second-factor sub-flow).",
                CONFIG_PROPERTIES,
                MfaStrengthCondition.SINGLETON);
    }
}
