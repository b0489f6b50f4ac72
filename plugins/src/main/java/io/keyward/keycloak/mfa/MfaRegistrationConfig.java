package io.keyward.keycloak.mfa;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyward.keycloak.signin.AuthenticationMethodsPolicy;
import io.keyward.keycloak.signin.ConfigValues;
import io.keyward.keycloak.signin.JsonFields;
import org.keycloak.models.AuthenticatorConfigModel;

/**
 * Typed, null-safe view of the {@code keyward-mfa-registration} configuration: {@code authenticationMethods} (the
 * document's methods policy as compact JSON, with targets) when present, else {@code methods} for everybody.
 */
final class MfaRegistrationConfig {

    static final String METHODS = "methods";
    static final String AUTHENTICATION_METHODS = "authenticationMethods";

    private final Map<String, String> config;
    private final List<String> problems;
    private final AuthenticationMethodsPolicy policy;

    /** Parsed configs by id, with the content they were parsed from (see ConditionalAccessConfig.of). */
    private record Parsed(String methods, String authenticationMethods, MfaRegistrationConfig config) {
    }

    private static final Map<String, Parsed> PARSED = new ConcurrentHashMap<>();
    private static final int PARSED_LIMIT = 1024;

    /**
     * The parsed config for a model, reused across sign-ins while its content stays the same (every sign-in that
     * needs MFA reads it, and the methods policy is JSON). Immutable once built, so it is shared between threads.
     */
    static MfaRegistrationConfig of(AuthenticatorConfigModel model) {
        if (model == null || model.getConfig() == null || model.getId() == null) {
            return new MfaRegistrationConfig(model);
        }
        Map<String, String> config = model.getConfig();
        String methods = config.get(METHODS);
        String authenticationMethods = config.get(AUTHENTICATION_METHODS);
        Parsed cached = PARSED.get(model.getId());
        if (cached != null && Objects.equals(cached.methods(), methods)
                && Objects.equals(cached.authenticationMethods(), authenticationMethods)) {
            return cached.config();
        }
        Map<String, String> content = new HashMap<>();
        if (methods != null) {
            content.put(METHODS, methods);
        }
        if (authenticationMethods != null) {
            content.put(AUTHENTICATION_METHODS, authenticationMethods);
        }
        MfaRegistrationConfig parsed = new MfaRegistrationConfig(Map.copyOf(content));
        if (PARSED.size() >= PARSED_LIMIT) {
            PARSED.clear();
        }
        PARSED.put(model.getId(), new Parsed(methods, authenticationMethods, parsed));
        return parsed;
    }

    MfaRegistrationConfig(AuthenticatorConfigModel model) {
        this(model == null || model.getConfig() == null ? Map.of() : model.getConfig());
    }

    MfaRegistrationConfig(Map<String, String> config) {
        this.config = config;
        List<String> problems = new ArrayList<>();
        List<String> entries = ConfigValues.split(config.get(METHODS));
        for (String entry : entries) {
            if (MfaMethod.parse(entry).isEmpty()) {
                problems.add(METHODS + " entry '" + entry + "' is neither softwareOath nor fido2");
            }
        }
        if (config.get(AUTHENTICATION_METHODS) != null) {
            JsonFields json = new JsonFields();
            JsonNode node = json.parse(AUTHENTICATION_METHODS, config.get(AUTHENTICATION_METHODS));
            AuthenticationMethodsPolicy read = node == null ? null : AuthenticationMethodsPolicy.read(node, json);
            problems.addAll(json.problems());
            this.policy = json.problems().isEmpty() ? read : AuthenticationMethodsPolicy.enabledForAll(List.of());
        } else {
            if (entries.isEmpty()) {
                problems.add("neither " + METHODS + " nor " + AUTHENTICATION_METHODS + " is configured");
            }
            this.policy = AuthenticationMethodsPolicy.enabledForAll(methods().stream().map(MfaMethod::value).toList());
        }
        this.problems = List.copyOf(problems);
    }

    /** The allowed methods of {@code methods}; unknown entries are left out (fail closed). */
    Set<MfaMethod> methods() {
        Set<MfaMethod> methods = EnumSet.noneOf(MfaMethod.class);
        ConfigValues.split(config.get(METHODS)).forEach(entry -> MfaMethod.parse(entry).ifPresent(methods::add));
        return methods;
    }

    /** Who may use which method; a broken {@code authenticationMethods} allows nothing (fail closed). */
    AuthenticationMethodsPolicy policy() {
        return policy;
    }

    List<String> problems() {
        return problems;
    }
}
