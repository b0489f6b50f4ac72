package io.keyward.keycloak.registration;

import static org.keycloak.provider.ProviderConfigProperty.TEXT_TYPE;

import java.util.List;

import io.keyward.keycloak.signin.KeywardAuthenticatorFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

public final class RegistrationNudgeAuthenticatorFactory extends KeywardAuthenticatorFactory {

    public static final String PROVIDER_ID = "keyward-registration-nudge";

    private static final List<ProviderConfigProperty> CONFIG_PROPERTIES = ProviderConfigurationBuilder.create()
            .property(new ProviderConfigProperty(RegistrationNudgeConfig.REGISTRATION_CAMPAIGN, "Registration campaign",
                    "The policy document's registrationCampaign as compact JSON, written by Keyward's compiler.",
                    TEXT_TYPE, null))
            .property(new ProviderConfigProperty(RegistrationNudgeConfig.AUTHENTICATION_METHODS,
                    "Authentication methods policy",
                    "The policy document's authenticationMethods as compact JSON, written by Keyward's compiler.",
                    TEXT_TYPE, null))
            .build();

    public RegistrationNudgeAuthenticatorFactory() {
        super(PROVIDER_ID,
                "Keyward registration nudge",
                "After MFA, offers the registration campaign's target method to users who have not registered it.",
                REQUIRED_OR_DISABLED,
                CONFIG_PROPERTIES,
                RegistrationNudgeAuthenticator.SINGLETON);
    }
}
