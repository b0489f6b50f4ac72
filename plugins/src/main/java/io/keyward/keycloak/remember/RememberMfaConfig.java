package io.keyward.keycloak.remember;

import java.util.Map;
import java.util.Optional;

import org.keycloak.models.AuthenticatorConfigModel;

/** Typed, null-safe view of the {@code days} configuration both remember-MFA steps carry. */
final class RememberMfaConfig {

    static final String DAYS = "days";
    static final int MIN_DAYS = 1;
    static final int MAX_DAYS = 365;

    private final String days;

    RememberMfaConfig(AuthenticatorConfigModel model) {
        this(model == null || model.getConfig() == null ? Map.of() : model.getConfig());
    }

    RememberMfaConfig(Map<String, String> config) {
        this.days = config.get(DAYS);
    }

    /** The lifetime of a mark in days, when configured and within 1..365. */
    Optional<Integer> days() {
        try {
            int value = Integer.parseInt(days == null ? "" : days.trim());
            return value >= MIN_DAYS && value <= MAX_DAYS ? Optional.of(value) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Why the configuration is unusable, for the log; empty when usable. */
    Optional<String> problem() {
        if (days == null) {
            return Optional.of(DAYS + " is not configured");
        }
        return days().isPresent() ? Optional.empty()
                : Optional.of(DAYS + " is '" + days + "', expected a whole number from " + MIN_DAYS + " to " + MAX_DAYS);
    }
}
