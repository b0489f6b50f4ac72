package io.keyward.keycloak.ca;

import static org.keycloak.provider.ProviderConfigProperty.STRING_TYPE;
import static org.keycloak.provider.ProviderConfigProperty.TEXT_TYPE;

import java.util.List;

import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

final class ConditionalAccessConfigProperties {

    private static final ProviderConfigProperty POLICY_PROPERTY = new ProviderConfigProperty(
            ConditionalAccessConfig.POLICY,
            "Policy",
            "The Conditional Access policy as compact JSON, written by Keyward's compiler: edit the policy document.",
            TEXT_TYPE,
            null);

    private static final ProviderConfigProperty NAMED_LOCATIONS_PROPERTY = new ProviderConfigProperty(
            ConditionalAccessConfig.NAMED_LOCATIONS,
            "Named locations",
            "The document's named locations as compact JSON, written by Keyward's compiler.",
            TEXT_TYPE,
            "[]");

    /** Declared, so that Keycloak's admin API shows its value instead of masking it as a secret. */
    private static final ProviderConfigProperty APP_PASSWORDS_PROPERTY = new ProviderConfigProperty(
            ConditionalAccessConfig.APP_PASSWORDS,
            "App passwords",
            "Direct grant only: 'allowed' where the realm allows app passwords, so that an mfa requirement is decided"
                    + " after the username, where an app password may satisfy it. Written by Keyward's compiler.",
            STRING_TYPE,
            null);

    static final List<ProviderConfigProperty> CONFIG_PROPERTIES = ProviderConfigurationBuilder.create()
            .property(POLICY_PROPERTY)
            .property(NAMED_LOCATIONS_PROPERTY)
            .property(APP_PASSWORDS_PROPERTY)
            .build();

    private ConditionalAccessConfigProperties() {
    }
}
