package io.keyward.keycloak.securitydefaults;

import static io.keyward.keycloak.securitydefaults.SecurityDefaultsConfig.ADMIN_CLIENTS;
import static io.keyward.keycloak.securitydefaults.SecurityDefaultsConfig.CLIENT_APP_TYPE;
import static io.keyward.keycloak.securitydefaults.SecurityDefaultsConfig.DEFAULT_ADMIN_CLIENTS;
import static io.keyward.keycloak.securitydefaults.SecurityDefaultsConfig.PRIVILEGED_ROLES;
import static org.keycloak.provider.ProviderConfigProperty.LIST_TYPE;
import static org.keycloak.provider.ProviderConfigProperty.MULTIVALUED_STRING_TYPE;

import java.util.List;

import io.keyward.keycloak.signin.ClientAppType;
import org.keycloak.models.Constants;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

final class SecurityDefaultsConfigProperties {

    private static final ProviderConfigProperty CLIENT_APP_TYPE_PROPERTY = new ProviderConfigProperty(
            CLIENT_APP_TYPE,
            "Client app type",
            "browser for the browser flow (records the MFA requirement); other for the direct grant (blocks it).",
            LIST_TYPE,
            ClientAppType.BROWSER.value(),
            ClientAppType.BROWSER.value(), ClientAppType.OTHER.value());

    private static final ProviderConfigProperty PRIVILEGED_ROLES_PROPERTY = new ProviderConfigProperty(
            PRIVILEGED_ROLES,
            "Privileged roles",
            "Users holding any of these roles (realm role, or client/role; effective, via composites and groups) "
                    + "need MFA at every sign-in.",
            MULTIVALUED_STRING_TYPE,
            null);

    private static final ProviderConfigProperty ADMIN_CLIENTS_PROPERTY = new ProviderConfigProperty(
            ADMIN_CLIENTS,
            "Administration clients",
            "Sign-ins to these client ids need MFA for everyone.",
            MULTIVALUED_STRING_TYPE,
            String.join(Constants.CFG_DELIMITER, DEFAULT_ADMIN_CLIENTS));

    static final List<ProviderConfigProperty> CONFIG_PROPERTIES = ProviderConfigurationBuilder.create()
            .property(CLIENT_APP_TYPE_PROPERTY)
            .property(PRIVILEGED_ROLES_PROPERTY)
            .property(ADMIN_CLIENTS_PROPERTY)
            .build();

    private SecurityDefaultsConfigProperties() {
    }
}
