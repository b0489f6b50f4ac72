package io.keyward.keycloak.email;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.RealmModel;

/**
 * Typed, null-safe view of the email-code settings ({@code authenticationMethods.email} of the policy document): code
 * length, lifetime, resend cool-down and attempts per code. Missing keys take the defaults; a value that is not a
 * whole number within its bounds is a problem, and a configuration with problems must not be used (fail closed).
 */
public final class EmailOtpConfig {

    /**
     * The alias of the configuration the compiler writes for the sign-in step. The registration required action has no
     * execution of its own and reads the same configuration by this alias, so registration and sign-in never disagree.
     */
    public static final String ALIAS = "Keyward email code";

    static final String CODE_LENGTH = "codeLength";
    static final String CODE_LIFETIME = "codeLifetimeInMinutes";
    static final String RESEND_COOLDOWN = "resendCooldownInSeconds";
    static final String MAXIMUM_ATTEMPTS = "maximumAttemptsPerCode";

    /** One setting's bounds and default; the policy document's JSON Schema has the same numbers. */
    record Bound(String key, int minimum, int maximum, int defaultValue) {
    }

    static final Bound CODE_LENGTH_BOUND = new Bound(CODE_LENGTH, 6, 10, 8);
    static final Bound CODE_LIFETIME_BOUND = new Bound(CODE_LIFETIME, 1, 60, 10);
    static final Bound RESEND_COOLDOWN_BOUND = new Bound(RESEND_COOLDOWN, 10, 600, 30);
    static final Bound MAXIMUM_ATTEMPTS_BOUND = new Bound(MAXIMUM_ATTEMPTS, 1, 10, 5);

    private final List<String> problems = new ArrayList<>();
    private final int codeLength;
    private final int codeLifetimeInMinutes;
    private final int resendCooldownInSeconds;
    private final int maximumAttemptsPerCode;

    EmailOtpConfig(Map<String, String> config) {
        Map<String, String> values = config == null ? Map.of() : config;
        codeLength = read(values, CODE_LENGTH_BOUND);
        codeLifetimeInMinutes = read(values, CODE_LIFETIME_BOUND);
        resendCooldownInSeconds = read(values, RESEND_COOLDOWN_BOUND);
        maximumAttemptsPerCode = read(values, MAXIMUM_ATTEMPTS_BOUND);
    }

    static EmailOtpConfig of(AuthenticatorConfigModel model) {
        return new EmailOtpConfig(model == null ? null : model.getConfig());
    }

    /** The realm's configuration by {@link #ALIAS}; the defaults in a realm without one (no Keyward policy applied). */
    static EmailOtpConfig ofRealm(RealmModel realm) {
        return of(realm.getAuthenticatorConfigByAlias(ALIAS));
    }

    private int read(Map<String, String> values, Bound bound) {
        String value = values.get(bound.key());
        if (value == null || value.isBlank()) {
            return bound.defaultValue();
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= bound.minimum() && parsed <= bound.maximum()) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(bound.key() + " is '" + value + "', expected a whole number from " + bound.minimum() + " to "
                + bound.maximum());
        return bound.defaultValue();
    }

    List<String> problems() {
        return problems;
    }

    int codeLength() {
        return codeLength;
    }

    Duration codeLifetime() {
        return Duration.ofMinutes(codeLifetimeInMinutes);
    }

    int codeLifetimeInMinutes() {
        return codeLifetimeInMinutes;
    }

    Duration resendCooldown() {
        return Duration.ofSeconds(resendCooldownInSeconds);
    }

    int maximumAttemptsPerCode() {
        return maximumAttemptsPerCode;
    }
}
