package io.keyward.keycloak.mfa;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.keyward.keycloak.signin.ConfigValues;
import org.keycloak.models.AuthenticatorConfigModel;

/** Typed, null-safe view of the {@code keyward-mfa-registration} configuration. */
final class MfaRegistrationConfig {

    static final String METHODS = "methods";

    private final Map<String, String> config;

    MfaRegistrationConfig(AuthenticatorConfigModel model) {
        this(model == null || model.getConfig() == null ? Map.of() : model.getConfig());
    }

    MfaRegistrationConfig(Map<String, String> config) {
        this.config = config;
    }

    /** The allowed methods; unknown entries are left out (fail closed) and reported by {@link #problems}. */
    Set<MfaMethod> methods() {
        Set<MfaMethod> methods = EnumSet.noneOf(MfaMethod.class);
        ConfigValues.split(config.get(METHODS)).forEach(entry -> MfaMethod.parse(entry).ifPresent(methods::add));
        return methods;
    }

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        List<String> entries = ConfigValues.split(config.get(METHODS));
        if (entries.isEmpty()) {
            problems.add(METHODS + " is not configured");
        }
        for (String entry : entries) {
            if (MfaMethod.parse(entry).isEmpty()) {
                problems.add(METHODS + " entry '" + entry + "' is neither softwareOath nor fido2");
            }
        }
        return problems;
    }
}
