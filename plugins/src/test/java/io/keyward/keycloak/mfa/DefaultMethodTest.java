package io.keyward.keycloak.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class DefaultMethodTest {

    @Test
    void promotesTheSecondFactorJustUsedWhenTheBoxIsTicked() {
        assertEquals(Optional.of("recovery-authn-codes"),
                DefaultMethod.credentialTypeToPromote("on", List.of("password", "recovery-authn-codes")));
        assertEquals(Optional.of("webauthn"),
                DefaultMethod.credentialTypeToPromote("on", List.of("password", "otp", "webauthn")));
    }

    @Test
    void leavesTheOrderAloneWithoutTheBoxOrWithoutAnMfaMethod() {
        assertEquals(Optional.empty(), DefaultMethod.credentialTypeToPromote(null, List.of("password", "otp")));
        assertEquals(Optional.empty(), DefaultMethod.credentialTypeToPromote("", List.of("password", "otp")));
        assertEquals(Optional.empty(), DefaultMethod.credentialTypeToPromote("on", List.of("password")));
        assertEquals(Optional.empty(),
                DefaultMethod.credentialTypeToPromote("on", List.of("keyward-temporary-access-pass")));
    }
}
