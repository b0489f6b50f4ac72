package io.keyward.keycloak.mfa;

import static io.keyward.keycloak.mfa.MfaRegistrationConfig.METHODS;
import static org.keycloak.provider.ProviderConfigProperty.MULTIVALUED_LIST_TYPE;

import java.util.List;

import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

final class MfaRegistrationConfigProperties {

    private static final ProviderConfigProperty METHODS_PROPERTY = new ProviderConfigProperty(
            METHODS,
            "Allowed methods",
            "Methods the user may register and use: softwareOath (authenticator app), fido2 (security key, passkey).",
            MULTIVALUED_LIST_TYPE,
            null,
            MfaMethod.SOFTWARE_OATH.value(), MfaMethod.FIDO2.value());

    static final List<ProviderConfigProperty> CONFIG_PROPERTIES = ProviderConfigurationBuilder.create()
            .property(METHODS_PROPERTY)
            .build();

    private MfaRegistrationConfigProperties() {
    }
}
