package io.keyward.keycloak.signin;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

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

    /** The stronger of two strengths, either possibly null. */
    public static MfaStrength stronger(MfaStrength current, MfaStrength required) {
        if (current == null) {
            return required;
        }
        return required == null || current.compareTo(required) >= 0 ? current : required;
    }

    /** The stronger of a recorded strength (possibly absent or unreadable) and a new requirement. */
    public static MfaStrength strongest(String recorded, MfaStrength required) {
        return parse(recorded).filter(current -> current.compareTo(required) > 0).orElse(required);
    }

    /** The strengths of a comma-separated list; unknown entries are left out. */
    public static Set<MfaStrength> parseList(String list) {
        Set<MfaStrength> strengths = EnumSet.noneOf(MfaStrength.class);
        NoteLists.items(list).forEach(item -> parse(item).ifPresent(strengths::add));
        return strengths;
    }

    public static String joinList(Set<MfaStrength> strengths) {
        return strengths.stream().map(MfaStrength::value).collect(Collectors.joining(","));
    }
}
