package io.keyward.keycloak.securitydefaults;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.keyward.keycloak.signin.ClientAppType;
import io.keyward.keycloak.signin.ConfigValues;
import io.keyward.keycloak.signin.RoleReference;
import org.keycloak.models.AuthenticatorConfigModel;

/** Typed, null-safe view of the {@code keyward-security-defaults} configuration. */
final class SecurityDefaultsConfig {

    static final String CLIENT_APP_TYPE = "clientAppType";
    static final String PRIVILEGED_ROLES = "privilegedRoles";
    static final String ADMIN_CLIENTS = "adminClients";
    static final List<String> DEFAULT_ADMIN_CLIENTS = List.of("security-admin-console", "admin-cli");

    private final Map<String, String> config;

    SecurityDefaultsConfig(AuthenticatorConfigModel model) {
        this(model == null || model.getConfig() == null ? Map.of() : model.getConfig());
    }

    SecurityDefaultsConfig(Map<String, String> config) {
        this.config = config;
    }

    Optional<ClientAppType> clientAppType() {
        return ClientAppType.parse(config.get(CLIENT_APP_TYPE));
    }

    /** The well-formed role entries; malformed ones are reported by {@link #problems}. */
    List<RoleReference> privilegedRoles() {
        return ConfigValues.split(config.get(PRIVILEGED_ROLES)).stream()
                .flatMap(entry -> RoleReference.parse(entry).stream())
                .toList();
    }

    /** The configured admin clients; Keycloak's two when none are configured. */
    Set<String> adminClients() {
        List<String> configured = ConfigValues.split(config.get(ADMIN_CLIENTS));
        return new LinkedHashSet<>(configured.isEmpty() ? DEFAULT_ADMIN_CLIENTS : configured);
    }

    /** What is wrong with this configuration for a sign-in of {@code requestType}; empty when usable. */
    List<String> problems(ClientAppType requestType) {
        List<String> problems = new ArrayList<>();
        Optional<ClientAppType> configured = clientAppType();
        if (config.get(CLIENT_APP_TYPE) == null) {
            problems.add(CLIENT_APP_TYPE + " is not configured");
        } else if (configured.isEmpty()) {
            problems.add(CLIENT_APP_TYPE + " is '" + config.get(CLIENT_APP_TYPE) + "', expected browser or other");
        } else if (configured.get() != requestType) {
            problems.add(CLIENT_APP_TYPE + " is " + configured.get().value() + " but this is a sign-in of type "
                    + requestType.value());
        }
        for (String entry : ConfigValues.split(config.get(PRIVILEGED_ROLES))) {
            if (RoleReference.parse(entry).isEmpty()) {
                problems.add(PRIVILEGED_ROLES + " entry '" + entry + "' is neither role nor client/role");
            }
        }
        return problems;
    }
}
