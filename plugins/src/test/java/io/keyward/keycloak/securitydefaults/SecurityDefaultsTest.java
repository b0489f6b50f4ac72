package io.keyward.keycloak.securitydefaults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyward.keycloak.signin.ClientAppType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every case of the shared vectors (test/vectors/security-defaults.json), which the TypeScript twin runs too. */
class SecurityDefaultsTest {

    private static final Path VECTORS =
            Path.of(System.getProperty("keyward.vectors.dir", "../test/vectors"), "security-defaults.json");
    private static final Set<String> ADMIN_CLIENTS = new HashSet<>(SecurityDefaultsConfig.DEFAULT_ADMIN_CLIENTS);

    static Stream<Arguments> cases() throws IOException {
        return readCases().stream().map(node -> Arguments.of(node.get("name").asText(), node));
    }

    private static List<JsonNode> readCases() throws IOException {
        List<JsonNode> cases = new ArrayList<>();
        new ObjectMapper().readTree(VECTORS.toFile()).get("cases").forEach(cases::add);
        return cases;
    }

    @DisplayName("vector")
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void vector(String name, JsonNode vector) {
        JsonNode input = vector.get("input");
        JsonNode expected = vector.get("expected");
        SecurityDefaults.SignIn signIn = new SecurityDefaults.SignIn(
                input.get("securityDefaultsEnabled").asBoolean(),
                ClientAppType.parse(input.get("clientAppType").asText()).orElseThrow(),
                input.get("clientId").asText(),
                input.get("isPrivileged").asBoolean(),
                input.get("hasRememberMfaMark").asBoolean());

        SecurityDefaults.Decision decision = SecurityDefaults.evaluate(signIn, ADMIN_CLIENTS);

        assertEquals(expected.get("outcome").asText(), decision.outcome().value(), "outcome");
        List<String> requiredBy = new ArrayList<>();
        expected.get("requiredBy").forEach(source -> requiredBy.add(source.asText()));
        assertEquals(requiredBy, decision.requiredBy(), "requiredBy");
        JsonNode blockedBy = expected.get("blockedBy");
        assertEquals(blockedBy.isNull() ? null : blockedBy.asText(), decision.blockedBy(), "blockedBy");
    }

    @Test
    void vectorNamesAreUnique() throws IOException {
        List<String> names = readCases().stream().map(node -> node.get("name").asText()).toList();
        assertFalse(names.isEmpty());
        assertEquals(names.size(), new HashSet<>(names).size());
    }

    @Test
    void anyProblemFailsClosed() {
        SecurityDefaults.SignIn rememberedUser =
                new SecurityDefaults.SignIn(true, ClientAppType.BROWSER, "app", false, true);

        SecurityDefaults.Decision decision =
                SecurityDefaults.decide(List.of("clientAppType is 'x'"), rememberedUser, ADMIN_CLIENTS);

        assertEquals(SecurityDefaults.Outcome.MFA, decision.outcome());
        assertEquals(List.of("evaluationError"), decision.requiredBy());
        assertEquals(SecurityDefaults.Outcome.NONE,
                SecurityDefaults.decide(List.of(), rememberedUser, ADMIN_CLIENTS).outcome());
    }
}
