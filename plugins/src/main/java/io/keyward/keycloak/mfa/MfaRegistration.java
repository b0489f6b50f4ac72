package io.keyward.keycloak.mfa;

import java.util.Set;

/** Whether this sign-in turns into a registration, as a pure function (SPEC §3.6). */
final class MfaRegistration {

    enum Decision {
        /** The user has a usable method: nothing to do. */
        NONE,
        REGISTER_OTP,
        REGISTER_WEBAUTHN,
        /** No method is allowed at all: MFA cannot be satisfied, so the sign-in is refused (fail closed). */
        DENY
    }

    private MfaRegistration() {
    }

    static Decision decide(Set<MfaMethod> allowed, boolean hasOtp, boolean hasWebAuthn) {
        if (allowed.isEmpty()) {
            return Decision.DENY;
        }
        boolean usable = (allowed.contains(MfaMethod.SOFTWARE_OATH) && hasOtp)
                || (allowed.contains(MfaMethod.FIDO2) && hasWebAuthn);
        if (usable) {
            return Decision.NONE;
        }
        return allowed.contains(MfaMethod.SOFTWARE_OATH) ? Decision.REGISTER_OTP : Decision.REGISTER_WEBAUTHN;
    }
}
