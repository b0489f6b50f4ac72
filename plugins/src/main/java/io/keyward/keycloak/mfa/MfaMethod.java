package io.keyward.keycloak.mfa;

import java.util.Arrays;
import java.util.Optional;

/** The MFA methods of the authentication methods policy that can be registered in the sign-in. */
enum MfaMethod {
    SOFTWARE_OATH("softwareOath"),
    FIDO2("fido2");

    private final String value;

    MfaMethod(String value) {
        this.value = value;
    }

    String value() {
        return value;
    }

    static Optional<MfaMethod> parse(String value) {
        return Arrays.stream(values()).filter(method -> method.value.equals(value)).findFirst();
    }
}
