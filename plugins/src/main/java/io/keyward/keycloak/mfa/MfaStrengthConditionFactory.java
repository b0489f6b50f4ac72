package io.keyward.keycloak.mfa;

import static org.keycloak.models.AuthenticationExecutionModel.Requirement.DISABLED;
import static org.keycloak.models.AuthenticationExecutionModel.Requirement.REQUIRED;
import static org.keycloak.provider.ProviderConfigProperty.LIST_TYPE;

import java.util.List;

import io.keyward.keycloak.signin.MfaStrength;
import org.keycloak.Config;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

public final class MfaStrengthConditionFactory implements ConditionalAuthenticatorFactory {

    public static final String PROVIDER_ID = "keyward-condition-mfa-strength";

    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENT_CHOICES = {REQUIRED, DISABLED};

    private static final List<ProviderConfigProperty> CONFIG_PROPERTIES = ProviderConfigurationBuilder.create()
            .property(new ProviderConfigProperty(MfaStrengthCondition.STRENGTH, "Strength",
                    "The strength this second-factor sub-flow reaches.", LIST_TYPE, MfaStrength.MFA.value(),
                    MfaStrength.MFA.value(), MfaStrength.PASSWORDLESS_MFA.value(),
                    MfaStrength.PHISHING_RESISTANT_MFA.value()))
            .build();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Condition - Keyward MFA strength";
    }

    @Override
    public String getHelpText() {
        return "True when its strength is the one this sign-in must reach (picks the second-factor sub-flow).";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return REQUIREMENT_CHOICES;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG_PROPERTIES;
    }

    @Override
    public ConditionalAuthenticator getSingleton() {
        return MfaStrengthCondition.SINGLETON;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
