package io.keyward.keycloak.mfa;

import static io.keyward.keycloak.mfa.MfaRegistrationConfig.AUTHENTICATION_METHODS;
import static io.keyward.keycloak.mfa.MfaRegistrationConfig.METHODS;
import static io.keyward.keycloak.mfa.MfaRegistrationConfig.PRIVILEGED_ROLES;
import static io.keyward.keycloak.mfa.MfaRegistrationConfig.REGISTRATION_CAMPAIGN;
import static org.keycloak.provider.ProviderConfigProperty.MULTIVALUED_LIST_TYPE;
import static org.keycloak.provider.ProviderConfigProperty.TEXT_TYPE;

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

    private static final ProviderConfigProperty AUTHENTICATION_METHODS_PROPERTY = new ProviderConfigProperty(
            AUTHENTICATION_METHODS,
            "Authentication methods policy",
            "The policy document's authenticationMethods as compact JSON (states and targets), written by Keyward's "
                    + "compiler; when present it decides instead of the allowed methods above.",
            TEXT_TYPE,
            null);

    private static final ProviderConfigProperty REGISTRATION_CAMPAIGN_PROPERTY = new ProviderConfigProperty(
            REGISTRATION_CAMPAIGN,
            "Registration campaign",
            "The policy document's registrationCampaign as compact JSON (snoozes, targets), written by Keyward's "
                    + "compiler; absent means no campaign: registration is mandatory.",
            TEXT_TYPE,
            null);

    private static final ProviderConfigProperty PRIVILEGED_ROLES_PROPERTY = new ProviderConfigProperty(
            PRIVILEGED_ROLES,
            "Privileged roles",
            "Roles (role or client/role) whose holders never get a registration snooze.",
            ProviderConfigProperty.MULTIVALUED_STRING_TYPE,
            null);

    static final List<ProviderConfigProperty> CONFIG_PROPERTIES = ProviderConfigurationBuilder.create()
            .property(METHODS_PROPERTY)
            .property(AUTHENTICATION_METHODS_PROPERTY)
            .property(REGISTRATION_CAMPAIGN_PROPERTY)
            .property(PRIVILEGED_ROLES_PROPERTY)
            .build();

    private MfaRegistrationConfigProperties() {
    }
}
