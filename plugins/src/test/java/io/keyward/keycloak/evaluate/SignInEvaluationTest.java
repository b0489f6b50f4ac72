package io.keyward.keycloak.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.keyward.keycloak.ca.ConditionalAccess;
import io.keyward.keycloak.ca.ConditionalAccessConfig;
import io.keyward.keycloak.signin.AuthenticationMethodsPolicy;
import io.keyward.keycloak.signin.ClientAppType;
import io.keyward.keycloak.signin.JsonFields;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every case of the shared vectors (test/vectors/sign-in.json), which the TypeScript what-if runs too. Each
 * policy of the case's document reaches the evaluator as the compiler embeds it: an authenticator config with
 * {@code policy} (the policy as compact JSON) and {@code namedLocations} (the document's named locations).
 */
class SignInEvaluationTest {

    private static final Path VECTORS =
            Path.of(System.getProperty("keyward.vectors.dir", "../test/vectors"), "sign-in.json");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> DEFAULT_PRIVILEGED_ROLES = List.of("realm-management/realm-admin");
    private static final Set<String> ADMIN_CLIENTS = Set.of("security-admin-console", "admin-cli");

    static Stream<Arguments> cases() throws IOException {
        return readCases().stream().map(node -> Arguments.of(node.get("name").asText(), node));
    }

    private static List<JsonNode> readCases() throws IOException {
        List<JsonNode> cases = new ArrayList<>();
        MAPPER.readTree(VECTORS.toFile()).get("cases").forEach(cases::add);
        return cases;
    }

    @DisplayName("vector")
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void vector(String name, JsonNode vector) throws IOException {
        SignInEvaluation.Decision decision =
                SignInEvaluation.evaluate(settings(vector.get("policy")), signIn(vector.get("signIn")));

        JsonNode expected = vector.get("expected");
        assertEquals(expected.get("outcome").asText(), decision.outcome(), "outcome");
        assertEquals(text(expected.get("strength")),
                decision.strength() == null ? null : decision.strength().value(), "strength");
        assertEquals(strings(expected.get("requiredBy")), decision.requiredBy(), "requiredBy");
        assertEquals(text(expected.get("blockedBy")), decision.blockedBy(), "blockedBy");
        assertEquals(strings(expected.get("passwordChangeRequiredBy")), decision.passwordChangeRequiredBy(),
                "passwordChangeRequiredBy");
        assertEquals(expected.get("policies"), MAPPER.valueToTree(policies(decision.policies())), "policies");
        Map<String, Boolean> satisfiedBy = new LinkedHashMap<>();
        expected.get("satisfiedBy").fields().forEachRemaining(entry ->
                satisfiedBy.put(entry.getKey(), entry.getValue().asBoolean()));
        assertEquals(satisfiedBy, decision.satisfiedBy(), "satisfiedBy");
        JsonNode session = expected.get("sessionControls");
        JsonNode frequency = session.get("signInFrequencySeconds");
        assertEquals(frequency.isNull() ? null : frequency.asLong(),
                decision.sessionControls().signInFrequencySeconds(), "signInFrequencySeconds");
        assertEquals(text(session.get("persistentBrowser")), decision.sessionControls().persistentBrowser(),
                "persistentBrowser");
    }

    @Test
    void vectorNamesAreUnique() throws IOException {
        List<String> names = readCases().stream().map(node -> node.get("name").asText()).toList();
        assertFalse(names.isEmpty());
        assertEquals(names.size(), new HashSet<>(names).size());
    }

    /** The configs the compiler embeds: one per policy, with the document's named locations beside it. */
    static SignInEvaluation.Settings settings(JsonNode document) throws IOException {
        JsonNode locations = document.has("namedLocations")
                ? document.get("namedLocations")
                : JsonNodeFactory.instance.arrayNode();
        List<ConditionalAccessConfig> policies = new ArrayList<>();
        JsonNode list = document.get("conditionalAccessPolicies");
        if (list != null) {
            for (JsonNode policy : list) {
                policies.add(new ConditionalAccessConfig("config-" + policies.size(), Map.of(
                        ConditionalAccessConfig.POLICY, MAPPER.writeValueAsString(policy),
                        ConditionalAccessConfig.NAMED_LOCATIONS, MAPPER.writeValueAsString(locations))));
            }
        }
        JsonNode settings = document.path("mfaSettings");
        List<String> privilegedRoles = settings.has("privilegedRoles")
                ? strings(settings.get("privilegedRoles"))
                : DEFAULT_PRIVILEGED_ROLES;
        JsonFields json = new JsonFields();
        AuthenticationMethodsPolicy methods = AuthenticationMethodsPolicy.read(document.get("authenticationMethods"),
                json);
        assertEquals(List.of(), json.problems(), "authenticationMethods");
        return new SignInEvaluation.Settings(document.path("securityDefaults").path("isEnabled").asBoolean(false),
                privilegedRoles, ADMIN_CLIENTS, methods, policies);
    }

    static SignInEvaluation.SignIn signIn(JsonNode signIn) {
        JsonNode user = signIn.get("user");
        return new SignInEvaluation.SignIn(
                new SignInEvaluation.User(user.get("username").asText(), strings(user.get("groups")),
                        new ConditionalAccess.UserRoles(Set.copyOf(strings(user.get("realmRoles"))),
                                Set.copyOf(strings(user.get("clientRoles")))),
                        text(user.get("perUserMfaState")), strings(user.get("methods"))),
                signIn.get("clientId").asText(),
                signIn.get("ip").asText(),
                ClientAppType.parse(signIn.get("clientAppType").asText()).orElseThrow(),
                text(signIn.get("userAgent")),
                signIn.get("hasRememberMfaMark").asBoolean());
    }

    private static List<Map<String, Object>> policies(List<ConditionalAccess.Evaluation> evaluations) {
        List<Map<String, Object>> policies = new ArrayList<>();
        for (ConditionalAccess.Evaluation evaluation : evaluations) {
            Map<String, Object> policy = new LinkedHashMap<>();
            policy.put("name", evaluation.name());
            policy.put("state", evaluation.state().value());
            policy.put("applied", evaluation.applied());
            policy.put("failedCondition",
                    evaluation.failedCondition() == null ? null : evaluation.failedCondition().value());
            policy.put("result", evaluation.result().value());
            policy.put("strength", evaluation.strength() == null ? null : evaluation.strength().value());
            policies.add(policy);
        }
        return policies;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node != null) {
            node.forEach(value -> values.add(value.asText()));
        }
        return values;
    }
}
