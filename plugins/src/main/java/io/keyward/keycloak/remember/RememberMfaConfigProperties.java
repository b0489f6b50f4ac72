package io.keyward.keycloak.remember;

import static io.keyward.keycloak.remember.RememberMfaConfig.DAYS;
import static org.keycloak.provider.ProviderConfigProperty.STRING_TYPE;

import java.util.List;

import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

final class RememberMfaConfigProperties {

    private static final ProviderConfigProperty DAYS_PROPERTY = new ProviderConfigProperty(
            DAYS,
            "Days",
            "How long a mark holds, 1 to 365 (mfaSettings.rememberMfaOnTrustedDevice.days). Marks older than this are"
                    + " ignored even if issued under a longer setting.",
            STRING_TYPE,
            "14");

    static final List<ProviderConfigProperty> CONFIG_PROPERTIES = ProviderConfigurationBuilder.create()
            .property(DAYS_PROPERTY)
            .build();

    private RememberMfaConfigProperties() {
    }
}
