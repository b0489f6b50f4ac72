package io.keyward.keycloak.signin;

import java.util.Arrays;
import java.util.Optional;

/** Authentication strengths, weakest first (SPEC §3.4: phishingResistantMfa > passwordlessMfa > mfa). */
public enum MfaStrength {
    MFA("mfa"),
    PASSWORDLESS_MFA("passwordlessMfa"),
    PHISHING_RESISTANT_MFA("phishingResistantMfa");

    private final String value;

    MfaStrength(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<MfaStrength> parse(String value) {
        return Arrays.stream(values()).filter(strength -> strength.value.equals(value)).findFirst();
    }

    /** The stronger of a recorded strength (possibly absent or unreadable) and a new requirement. */
    public static MfaStrength strongest(String recorded, MfaStrength required) {
        return parse(recorded).filter(current -> current.compareTo(required) > 0).orElse(required);
    }
}
