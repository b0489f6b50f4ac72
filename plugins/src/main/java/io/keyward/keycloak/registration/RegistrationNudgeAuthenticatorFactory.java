package io.keyward.keycloak.registration;

import static org.keycloak.models.AuthenticationExecutionModel.Requirement.DISABLED;
import static org.keycloak.models.AuthenticationExecutionModel.Requirement.REQUIRED;
import static org.keycloak.provider.ProviderConfigProperty.TEXT_TYPE;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

public final class RegistrationNudgeAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "keyward-registration-nudge";

    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENT_CHOICES = {REQUIRED, DISABLED};

    private static final List<ProviderConfigProperty> CONFIG_PROPERTIES = ProviderConfigurationBuilder.create()
            .property(new ProviderConfigProperty(RegistrationNudgeConfig.REGISTRATION_CAMPAIGN, "Registration campaign",
                    "The policy document's registrationCampaign as compact JSON, written by Keyward's compiler.",
                    TEXT_TYPE, null))
            .property(new ProviderConfigProperty(RegistrationNudgeConfig.AUTHENTICATION_METHODS,
                    "Authentication methods policy",
                    "The policy document's authenticationMethods as compact JSON, written by Keyward's compiler.",
                    TEXT_TYPE, null))
            .build();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Keyward registration nudge";
    }

    @Override
    public String getHelpText() {
        return "After MFA, offers the registration campaign's target method to users who have not registered it.";
    }

    @Override
    public String getReferenceCategory() {
        return null;
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
    public Authenticator create(KeycloakSession session) {
        return RegistrationNudgeAuthenticator.SINGLETON;
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
