package io.keyward.keycloak.signin;

import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The authentication methods policy of the document (Graph's authenticationMethodsPolicy): which methods a user may
 * use (SPEC §3.5, last paragraph). Read from the compact JSON the compiler embeds, every default as in SPEC §2.
 */
public final class AuthenticationMethodsPolicy {

    /** One method's state and targets: {@code all} or {@code group:/path}, sub-groups included, exclusion wins. */
    public record Targets(boolean enabled, List<String> includeTargets, List<String> excludeTargets) {

        static final String ALL = "all";
        static final String GROUP_PREFIX = "group:";

        public boolean appliesTo(Collection<String> groupPaths) {
            return enabled && matches(includeTargets, groupPaths) && !matches(excludeTargets, groupPaths);
        }

        private static boolean matches(List<String> targets, Collection<String> groupPaths) {
            return targets.stream().anyMatch(target -> ALL.equals(target)
                    || (target.startsWith(GROUP_PREFIX)
                            && GroupPaths.isWithin(groupPaths, target.substring(GROUP_PREFIX.length()))));
        }
    }

    private static final Map<String, Boolean> DEFAULT_STATES = Map.of(
            "softwareOath", true, "fido2", true, "email", false, "recoveryCodes", true);
    private static final Set<String> TAP_KEYS = Set.of("state", "includeTargets", "excludeTargets",
            "defaultLifetimeInMinutes", "minimumLifetimeInMinutes", "maximumLifetimeInMinutes", "defaultLength",
            "isUsableOnce");
    private static final Set<String> METHOD_KEYS = Set.of("state", "includeTargets", "excludeTargets");
    /** The email method's settings are read by its own step ({@code keyward-email-otp}); here only who may use it. */
    private static final Set<String> EMAIL_KEYS = Set.of("state", "includeTargets", "excludeTargets", "codeLength",
            "codeLifetimeInMinutes", "resendCooldownInSeconds", "maximumAttemptsPerCode");

    private final Map<String, Targets> methods;

    private AuthenticationMethodsPolicy(Map<String, Targets> methods) {
        this.methods = methods;
    }

    /** The policy where every method in {@code enabled} (policy method names) applies to everybody. */
    public static AuthenticationMethodsPolicy enabledForAll(Collection<String> enabled) {
        Map<String, Targets> methods = new LinkedHashMap<>();
        DEFAULT_STATES.keySet().forEach(name ->
                methods.put(name, new Targets(enabled.contains(name), List.of(Targets.ALL), List.of())));
        return new AuthenticationMethodsPolicy(methods);
    }

    /** Reads the document's {@code authenticationMethods} object; problems go to {@code json}. */
    public static AuthenticationMethodsPolicy read(JsonNode node, JsonFields json) {
        String path = "authenticationMethods";
        Set<String> known = new HashSet<>(DEFAULT_STATES.keySet());
        known.add("temporaryAccessPass");
        JsonNode root = json.object(node, path, known);
        json.object(root.get("temporaryAccessPass"), path + ".temporaryAccessPass", TAP_KEYS);
        Map<String, Targets> methods = new LinkedHashMap<>();
        DEFAULT_STATES.forEach((name, enabledByDefault) -> {
            String at = path + "." + name;
            JsonNode method = json.object(root.get(name), at, name.equals("email") ? EMAIL_KEYS : METHOD_KEYS);
            String state = json.string(method, "state", at, enabledByDefault ? "enabled" : "disabled");
            if (!state.equals("enabled") && !state.equals("disabled")) {
                json.problem(at + ".state", "expected enabled or disabled");
            }
            methods.put(name, new Targets(state.equals("enabled"),
                    json.strings(method, "includeTargets", at, List.of(Targets.ALL)),
                    json.strings(method, "excludeTargets", at, List.of())));
        });
        return new AuthenticationMethodsPolicy(methods);
    }

    /** Whether the user, a direct member of {@code groupPaths}, may use {@code method}. */
    public boolean allows(UserMethod method, Collection<String> groupPaths) {
        Targets targets = methods.get(method.policyMethod());
        return targets != null && targets.appliesTo(groupPaths);
    }

    /** The methods the user may use. */
    public Set<UserMethod> allowed(Collection<String> groupPaths) {
        Set<UserMethod> allowed = EnumSet.noneOf(UserMethod.class);
        for (UserMethod method : UserMethod.values()) {
            if (allows(method, groupPaths)) {
                allowed.add(method);
            }
        }
        return allowed;
    }
}
