package io.keyward.keycloak.securitydefaults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.keyward.keycloak.signin.ClientAppType;
import io.keyward.keycloak.signin.RoleReference;
import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatorConfigModel;

class SecurityDefaultsConfigTest {

    @Test
    void readsMultivaluedLists() {
        SecurityDefaultsConfig config = new SecurityDefaultsConfig(Map.of(
                "clientAppType", "browser",
                "privilegedRoles", "admins## realm-management/realm-admin ##",
                "adminClients", "security-admin-console##my-admin-app"));

        assertEquals(Optional.of(ClientAppType.BROWSER), config.clientAppType());
        assertEquals(List.of(new RoleReference(null, "admins"), new RoleReference("realm-management", "realm-admin")),
                config.privilegedRoles());
        assertEquals(Set.of("security-admin-console", "my-admin-app"), config.adminClients());
        assertEquals(List.of(), config.problems(ClientAppType.BROWSER));
    }

    @Test
    void clientRolesSplitAtTheLastSlash() {
        assertEquals(Optional.of(new RoleReference("https://app.example/x", "reader")),
                RoleReference.parse("https://app.example/x/reader"));
    }

    @Test
    void adminClientsDefaultToKeycloaksAdministrationClients() {
        SecurityDefaultsConfig config = new SecurityDefaultsConfig(Map.of("clientAppType", "other"));

        assertEquals(Set.of("security-admin-console", "admin-cli"), config.adminClients());
        assertEquals(List.of(), config.privilegedRoles());
    }

    @Test
    void missingConfigIsAProblem() {
        assertEquals(1, new SecurityDefaultsConfig((AuthenticatorConfigModel) null)
                .problems(ClientAppType.BROWSER).size());
        assertEquals(1, new SecurityDefaultsConfig(new AuthenticatorConfigModel())
                .problems(ClientAppType.OTHER).size());
    }

    @Test
    void garbageIsAProblem() {
        SecurityDefaultsConfig config = new SecurityDefaultsConfig(Map.of(
                "clientAppType", "sometimes",
                "privilegedRoles", "admins##/leading##trailing/"));

        List<String> problems = config.problems(ClientAppType.BROWSER);

        assertEquals(3, problems.size());
        assertTrue(problems.get(0).contains("sometimes"));
        assertEquals(List.of(new RoleReference(null, "admins")), config.privilegedRoles());
    }

    @Test
    void aBrowserConfigurationInTheDirectGrantIsAProblem() {
        SecurityDefaultsConfig config = new SecurityDefaultsConfig(Map.of("clientAppType", "browser"));

        assertEquals(1, config.problems(ClientAppType.OTHER).size());
    }
}
