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
import io.keyward.keycloak.registration.RegistrationCampaign;
import io.keyward.keycloak.signin.JsonFields;
import io.keyward.keycloak.signin.RoleReference;
import org.keycloak.models.AuthenticatorConfigModel;

/**
 * Typed, null-safe view of the {@code keyward-mfa-registration} configuration: {@code authenticationMethods} (the
 * document's methods policy as compact JSON, with targets) when present, else {@code methods} for everybody.
 */
final class MfaRegistrationConfig {

    static final String METHODS = "methods";
    static final String AUTHENTICATION_METHODS = "authenticationMethods";
    static final String REGISTRATION_CAMPAIGN = "registrationCampaign";
    static final String PRIVILEGED_ROLES = "privilegedRoles";

    private final Map<String, String> config;
    private final List<String> problems;
    private final AuthenticationMethodsPolicy policy;
    private final RegistrationCampaign campaign;
    private final List<RoleReference> privilegedRoles;

    /** Parsed configs by id, with the content they were parsed from (see ConditionalAccessConfig.of). */
    private record Parsed(Map<String, String> content, MfaRegistrationConfig config) {
    }

    private static final Map<String, Parsed> PARSED = new ConcurrentHashMap<>();
    private static final int PARSED_LIMIT = 1024;

    /**
     * The parsed config for a model, reused across sign-ins while its content stays the same (every sign-in that
     * needs MFA reads it, and the methods policy and the campaign are JSON). Immutable once built, so it is shared
     * between threads. The whole content is compared, so an edit of any key in the console is parsed anew.
     */
    static MfaRegistrationConfig of(AuthenticatorConfigModel model) {
        if (model == null || model.getConfig() == null || model.getId() == null) {
            return new MfaRegistrationConfig(model);
        }
        Map<String, String> config = model.getConfig();
        Parsed cached = PARSED.get(model.getId());
        if (cached != null && cached.content().equals(config)) {
            return cached.config();
        }
        Map<String, String> content = Map.copyOf(new HashMap<>(config));
        MfaRegistrationConfig parsed = new MfaRegistrationConfig(content);
        if (PARSED.size() >= PARSED_LIMIT) {
            PARSED.clear();
        }
        PARSED.put(model.getId(), new Parsed(content, parsed));
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
        this.campaign = readCampaign(config.get(REGISTRATION_CAMPAIGN), problems);
        List<RoleReference> roles = new ArrayList<>();
        for (String entry : ConfigValues.split(config.get(PRIVILEGED_ROLES))) {
            RoleReference.parse(entry).ifPresentOrElse(roles::add,
                    () -> problems.add(PRIVILEGED_ROLES + " entry '" + entry + "' is not a role or client/role"));
        }
        this.privilegedRoles = List.copyOf(roles);
        this.problems = List.copyOf(problems);
    }

    /** Absent: no campaign. Broken: disabled, so registration stays mandatory (fail closed). */
    private static RegistrationCampaign readCampaign(String value, List<String> problems) {
        if (value == null) {
            return RegistrationCampaign.DISABLED;
        }
        JsonFields json = new JsonFields();
        JsonNode node = json.parse(REGISTRATION_CAMPAIGN, value);
        RegistrationCampaign read = node == null ? null : RegistrationCampaign.read(node, json);
        problems.addAll(json.problems());
        return json.problems().isEmpty() ? read : RegistrationCampaign.DISABLED;
    }

    RegistrationCampaign campaign() {
        return campaign;
    }

    /** Who counts as an administrator: never a snooze for them. */
    List<RoleReference> privilegedRoles() {
        return privilegedRoles;
    }

    /** A privileged role entry that could not be read makes every user count as privileged (no grace). */
    boolean privilegedRolesBroken() {
        return problems.stream().anyMatch(problem -> problem.startsWith(PRIVILEGED_ROLES));
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
