package io.keyward.keycloak.mfa;

import static io.keyward.keycloak.mfa.MfaMethod.FIDO2;
import static io.keyward.keycloak.mfa.MfaMethod.SOFTWARE_OATH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatorConfigModel;

class MfaRegistrationTest {

    @Test
    void readsTheMultivaluedMethods() {
        MfaRegistrationConfig config = new MfaRegistrationConfig(Map.of("methods", "softwareOath##fido2"));

        assertEquals(EnumSet.of(SOFTWARE_OATH, FIDO2), config.methods());
        assertEquals(List.of(), config.problems());
    }

    @Test
    void unknownMethodsAreLeftOutAndReported() {
        MfaRegistrationConfig config = new MfaRegistrationConfig(Map.of("methods", " fido2 ##sms"));

        assertEquals(EnumSet.of(FIDO2), config.methods());
        assertEquals(1, config.problems().size());
    }

    @Test
    void missingOrGarbageConfigAllowsNothingAndDenies() {
        for (MfaRegistrationConfig config : List.of(
                new MfaRegistrationConfig((AuthenticatorConfigModel) null),
                new MfaRegistrationConfig(new AuthenticatorConfigModel()),
                new MfaRegistrationConfig(Map.of("methods", "sms##voice")))) {
            assertEquals(Set.of(), config.methods());
            assertFalse(config.problems().isEmpty());
            assertEquals(MfaRegistration.Decision.DENY, MfaRegistration.decide(config.methods(), true, true));
        }
    }

    @Test
    void aUserWithAnAllowedMethodContinues() {
        assertEquals(MfaRegistration.Decision.NONE,
                MfaRegistration.decide(EnumSet.of(SOFTWARE_OATH, FIDO2), false, true));
        assertEquals(MfaRegistration.Decision.NONE, MfaRegistration.decide(EnumSet.of(SOFTWARE_OATH), true, false));
    }

    @Test
    void aUserWithoutAnAllowedMethodRegisters() {
        assertEquals(MfaRegistration.Decision.REGISTER_OTP,
                MfaRegistration.decide(EnumSet.of(SOFTWARE_OATH, FIDO2), false, false));
        assertEquals(MfaRegistration.Decision.REGISTER_WEBAUTHN,
                MfaRegistration.decide(EnumSet.of(FIDO2), true, false));
        assertEquals(MfaRegistration.Decision.REGISTER_OTP,
                MfaRegistration.decide(EnumSet.of(SOFTWARE_OATH), false, true));
    }

    @Test
    void theConditionIsTrueForAnyRecordedSource() {
        assertFalse(MfaRequiredCondition.isMfaRequired(null));
        assertFalse(MfaRequiredCondition.isMfaRequired(" , "));
        assertTrue(MfaRequiredCondition.isMfaRequired("securityDefaults"));
        assertTrue(MfaRequiredCondition.isMfaRequired("evaluationError"));
    }
}
