package io.keyward.keycloak.tap;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyward.keycloak.signin.AuthenticationMethodsPolicy.Targets;

/**
 * The realm's TAP policy, read from the policy document that {@code keyward apply} stores in the realm attribute
 * {@value #REALM_ATTRIBUTE} (SPEC §2, {@code authenticationMethods.temporaryAccessPass}). Issue (the REST endpoint)
 * and sign-in (the authenticator) read the same attribute, so they can never disagree about who may use a pass.
 * The methods a TAP sign-in may register come from the same document ({@code fido2}, {@code softwareOath}).
 */
public record TemporaryAccessPassPolicy(Targets targets, int defaultLifetimeInMinutes,
        int minimumLifetimeInMinutes, int maximumLifetimeInMinutes, int defaultLength, boolean isUsableOnce,
        Targets passkeys, Targets authenticatorApps) {

    public static final String REALM_ATTRIBUTE = "keyward.policy";

    /** SPEC §4: every lifetime of the policy and of a pass lies within these bounds. */
    public static final int MIN_LIFETIME_MINUTES = 10;
    public static final int MAX_LIFETIME_MINUTES = 43_200;

    /** The policy, or why there is none that can be used. */
    public record Parsed(Optional<TemporaryAccessPassPolicy> policy, List<String> problems) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Targets DISABLED_METHOD = new Targets(false, List.of(), List.of());

    /**
     * Reads the policy from the stored document. A missing document, a disabled TAP method and a document that breaks
     * the bounds all give no policy; only the last is a problem worth a warning (fail closed).
     */
    public static Parsed parse(String policyDocumentJson) {
        if (policyDocumentJson == null || policyDocumentJson.isBlank()) {
            return new Parsed(Optional.empty(), List.of());
        }
        JsonNode document;
        try {
            document = MAPPER.readTree(policyDocumentJson);
        } catch (JsonProcessingException e) {
            return new Parsed(Optional.empty(), List.of(REALM_ATTRIBUTE + " is not JSON: " + e.getOriginalMessage()));
        }
        JsonNode methods = document.path("authenticationMethods");
        JsonNode tap = methods.path("temporaryAccessPass");
        List<String> problems = new ArrayList<>();
        Targets targets = targets(tap, "temporaryAccessPass", problems);
        int defaultLifetime = integer(tap, "defaultLifetimeInMinutes", problems);
        int minimumLifetime = integer(tap, "minimumLifetimeInMinutes", problems);
        int maximumLifetime = integer(tap, "maximumLifetimeInMinutes", problems);
        int defaultLength = integer(tap, "defaultLength", problems);
        JsonNode usableOnce = tap.path("isUsableOnce");
        if (!usableOnce.isBoolean()) {
            problems.add("temporaryAccessPass.isUsableOnce is missing or not a boolean");
        }
        if (problems.isEmpty()) {
            for (int lifetime : new int[] {defaultLifetime, minimumLifetime, maximumLifetime}) {
                if (lifetime < MIN_LIFETIME_MINUTES || lifetime > MAX_LIFETIME_MINUTES) {
                    problems.add("temporaryAccessPass lifetime " + lifetime + " lies outside " + MIN_LIFETIME_MINUTES
                            + ".." + MAX_LIFETIME_MINUTES + " minutes");
                }
            }
            if (minimumLifetime > defaultLifetime || defaultLifetime > maximumLifetime) {
                problems.add("temporaryAccessPass lifetimes must satisfy minimum <= default <= maximum");
            }
            if (defaultLength < TemporaryAccessPassCode.MIN_LENGTH
                    || defaultLength > TemporaryAccessPassCode.MAX_LENGTH) {
                problems.add("temporaryAccessPass.defaultLength " + defaultLength + " lies outside "
                        + TemporaryAccessPassCode.MIN_LENGTH + ".." + TemporaryAccessPassCode.MAX_LENGTH);
            }
        }
        if (!problems.isEmpty()) {
            return new Parsed(Optional.empty(), problems);
        }
        if (!targets.enabled()) {
            return new Parsed(Optional.empty(), List.of());
        }
        List<String> ignored = new ArrayList<>();
        return new Parsed(Optional.of(new TemporaryAccessPassPolicy(targets, defaultLifetime, minimumLifetime,
                maximumLifetime, defaultLength, usableOnce.asBoolean(),
                targets(methods.path("fido2"), "fido2", ignored),
                targets(methods.path("softwareOath"), "softwareOath", ignored))), List.of());
    }

    private static Targets targets(JsonNode method, String name, List<String> problems) {
        String state = method.path("state").asText("");
        if (!"enabled".equals(state) && !"disabled".equals(state)) {
            problems.add(name + ".state is '" + state + "', expected enabled or disabled");
            return DISABLED_METHOD;
        }
        return new Targets("enabled".equals(state), strings(method.path("includeTargets")),
                strings(method.path("excludeTargets")));
    }

    private static List<String> strings(JsonNode list) {
        List<String> values = new ArrayList<>();
        list.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static int integer(JsonNode tap, String field, List<String> problems) {
        JsonNode value = tap.path(field);
        if (!value.canConvertToExactIntegral() || !value.canConvertToInt()) {
            problems.add("temporaryAccessPass." + field + " is missing or not an integer");
            return 0;
        }
        return value.asInt();
    }
}
