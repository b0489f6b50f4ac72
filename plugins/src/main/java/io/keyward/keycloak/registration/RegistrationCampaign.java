package io.keyward.keycloak.registration;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyward.keycloak.signin.AuthenticationMethodsPolicy.Targets;
import io.keyward.keycloak.signin.JsonFields;

/**
 * The document's {@code registrationCampaign} (SPEC §2, §3.6), read from the compact JSON the compiler embeds. A
 * campaign that cannot be read is disabled: no grace, no nudge — registration stays mandatory (fail closed).
 */
public record RegistrationCampaign(boolean enabled, String targetMethod, int snoozeDurationInDays, int allowedSnoozes,
        boolean enforceRegistrationAfterAllowedSnoozes, Targets targets) {

    public static final RegistrationCampaign DISABLED = new RegistrationCampaign(false, "any", 0, 0, true,
            new Targets(false, List.of(), List.of()));

    private static final Set<String> KEYS = Set.of("state", "targetMethod", "snoozeDurationInDays", "allowedSnoozes",
            "enforceRegistrationAfterAllowedSnoozes", "includeTargets", "excludeTargets");
    private static final Set<String> TARGET_METHODS = Set.of("fido2", "softwareOath", "any");
    private static final int MAX_SNOOZE_DAYS = 14;
    private static final int MAX_SNOOZES = 30;

    /** Reads the campaign; problems go to {@code json}, and the caller then uses {@link #DISABLED}. */
    public static RegistrationCampaign read(JsonNode node, JsonFields json) {
        String path = "registrationCampaign";
        JsonNode root = json.object(node, path, KEYS);
        String state = json.string(root, "state", path, "disabled");
        if (!state.equals("enabled") && !state.equals("disabled")) {
            json.problem(path + ".state", "expected enabled or disabled");
        }
        String target = json.string(root, "targetMethod", path, "any");
        if (!TARGET_METHODS.contains(target)) {
            json.problem(path + ".targetMethod", "expected fido2, softwareOath or any");
        }
        int days = bounded(json, root, "snoozeDurationInDays", path, 1, MAX_SNOOZE_DAYS);
        int snoozes = bounded(json, root, "allowedSnoozes", path, 3, MAX_SNOOZES);
        boolean enforce = json.bool(root, "enforceRegistrationAfterAllowedSnoozes", path, true);
        boolean enabled = state.equals("enabled");
        Targets targets = new Targets(enabled, json.strings(root, "includeTargets", path, List.of("all")),
                json.strings(root, "excludeTargets", path, List.of()));
        return new RegistrationCampaign(enabled, target, days, snoozes, enforce, targets);
    }

    /** Whether the campaign reaches a user who is a direct member of {@code groupPaths}. */
    public boolean targets(List<String> groupPaths) {
        return enabled && targets.appliesTo(groupPaths);
    }

    private static int bounded(JsonFields json, JsonNode root, String key, String path, int defaultValue, int max) {
        Integer value = json.integer(root, key, path);
        if (value == null) {
            return defaultValue;
        }
        if (value < 0 || value > max) {
            json.problem(path + "." + key, "expected 0 .. " + max);
            return defaultValue;
        }
        return value;
    }
}
