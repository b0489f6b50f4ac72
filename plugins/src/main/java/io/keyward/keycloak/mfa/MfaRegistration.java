package io.keyward.keycloak.mfa;

import java.util.EnumSet;
import java.util.Set;

import io.keyward.keycloak.signin.MfaStrength;
import io.keyward.keycloak.signin.UserMethod;

/** Whether this sign-in turns into a registration, and of what, as a pure function (SPEC §3.5–3.6). */
final class MfaRegistration {

    enum Decision {
        /** The user has a usable method that meets the strength: nothing to do. */
        NONE,
        /** The combined registration: the user registers a method that meets the strength in this sign-in. */
        REGISTER,
        /** No method is allowed for the user: MFA cannot be satisfied, so the sign-in is refused (fail closed). */
        DENY_NOT_CONFIGURED,
        /** The user's methods cannot reach the strength and registering a stronger one is not possible here. */
        DENY_STRENGTH
    }

    private MfaRegistration() {
    }

    /**
     * {@code allowed}: the methods the authentication methods policy allows the user; {@code registered}: the user's
     * credentials; {@code mfaDone}: this sign-in already satisfied some MFA (TAP, SSO session). A user who has usable
     * methods but none strong enough registers a stronger one only after MFA: otherwise a stolen password could
     * add its own key.
     */
    static Decision decide(Set<UserMethod> allowed, Set<UserMethod> registered, MfaStrength strength,
            boolean mfaDone) {
        if (allowed.isEmpty()) {
            return Decision.DENY_NOT_CONFIGURED;
        }
        Set<UserMethod> usable = EnumSet.noneOf(UserMethod.class);
        usable.addAll(registered);
        usable.retainAll(allowed);
        if (usable.stream().anyMatch(method -> method.meets(strength))) {
            return Decision.NONE;
        }
        if (!usable.isEmpty() && !mfaDone) {
            return Decision.DENY_STRENGTH;
        }
        if (allowed.stream().anyMatch(method -> method.meets(strength))) {
            return Decision.REGISTER;
        }
        return strength == MfaStrength.MFA ? Decision.DENY_NOT_CONFIGURED : Decision.DENY_STRENGTH;
    }
}
