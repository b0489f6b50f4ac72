package io.keyward.keycloak.mfa;

import static io.keyward.keycloak.signin.MfaStrength.MFA;
import static io.keyward.keycloak.signin.MfaStrength.PASSWORDLESS_MFA;
import static io.keyward.keycloak.signin.MfaStrength.PHISHING_RESISTANT_MFA;
import static io.keyward.keycloak.signin.UserMethod.OTP;
import static io.keyward.keycloak.signin.UserMethod.RECOVERY_CODES;
import static io.keyward.keycloak.signin.UserMethod.WEBAUTHN_2FA;
import static io.keyward.keycloak.signin.UserMethod.WEBAUTHN_PASSWORDLESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.keyward.keycloak.mfa.MfaRegistration.Decision;
import io.keyward.keycloak.signin.MfaStrength;
import io.keyward.keycloak.signin.UserMethod;
import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatorConfigModel;

class MfaRegistrationTest {

    private static final Set<UserMethod> ALL_ALLOWED = EnumSet.of(OTP, WEBAUTHN_2FA, WEBAUTHN_PASSWORDLESS,
            RECOVERY_CODES);
    private static final Set<UserMethod> NONE = EnumSet.noneOf(UserMethod.class);

    @Test
    void readsTheMultivaluedMethods() {
        MfaRegistrationConfig config = new MfaRegistrationConfig(Map.of("methods", "softwareOath##fido2"));

        assertEquals(EnumSet.of(MfaMethod.SOFTWARE_OATH, MfaMethod.FIDO2), config.methods());
        assertEquals(List.of(), config.problems());
        assertEquals(EnumSet.of(OTP, WEBAUTHN_2FA, WEBAUTHN_PASSWORDLESS), config.policy().allowed(List.of()));
    }

    @Test
    void unknownMethodsAreLeftOutAndReported() {
        MfaRegistrationConfig config = new MfaRegistrationConfig(Map.of("methods", " fido2 ##sms"));

        assertEquals(EnumSet.of(MfaMethod.FIDO2), config.methods());
        assertEquals(1, config.problems().size());
    }

    @Test
    void theMethodsPolicyWithTargetsDecidesWhenPresent() {
        MfaRegistrationConfig config = new MfaRegistrationConfig(Map.of("methods", "softwareOath##fido2",
                "authenticationMethods", "{\"softwareOath\":{\"state\":\"enabled\",\"includeTargets\":[\"group:/it\"]},"
                        + "\"fido2\":{\"state\":\"disabled\"}}"));

        assertEquals(List.of(), config.problems());
        assertEquals(EnumSet.of(OTP, RECOVERY_CODES), config.policy().allowed(List.of("/it/onboarding")));
        assertEquals(EnumSet.of(RECOVERY_CODES), config.policy().allowed(List.of("/sales")));
    }

    @Test
    void missingOrGarbageConfigAllowsNothingAndDenies() {
        for (MfaRegistrationConfig config : List.of(
                new MfaRegistrationConfig((AuthenticatorConfigModel) null),
                new MfaRegistrationConfig(new AuthenticatorConfigModel()),
                new MfaRegistrationConfig(Map.of("methods", "sms##voice")),
                new MfaRegistrationConfig(Map.of("authenticationMethods", "{\"sms\":{}}")),
                new MfaRegistrationConfig(Map.of("authenticationMethods", "not json")))) {
            assertEquals(NONE, config.policy().allowed(List.of("/it")));
            assertFalse(config.problems().isEmpty());
            assertEquals(Decision.DENY_NOT_CONFIGURED, MfaRegistration.decide(NONE, EnumSet.of(OTP), MFA, false));
        }
    }

    @Test
    void aUserWithAnAllowedMethodThatMeetsTheStrengthContinues() {
        assertEquals(Decision.NONE, MfaRegistration.decide(ALL_ALLOWED, EnumSet.of(WEBAUTHN_2FA), MFA, false));
        assertEquals(Decision.NONE, MfaRegistration.decide(ALL_ALLOWED, EnumSet.of(OTP), MFA, false));
        assertEquals(Decision.NONE,
                MfaRegistration.decide(ALL_ALLOWED, EnumSet.of(OTP, WEBAUTHN_2FA), PHISHING_RESISTANT_MFA, false));
        assertEquals(Decision.NONE,
                MfaRegistration.decide(ALL_ALLOWED, EnumSet.of(WEBAUTHN_PASSWORDLESS), PASSWORDLESS_MFA, false));
    }

    @Test
    void aUserWithoutAnyUsableMethodRegistersOneThatMeetsTheStrength() {
        assertEquals(Decision.REGISTER, MfaRegistration.decide(ALL_ALLOWED, NONE, MFA, false));
        assertEquals(Decision.REGISTER,
                MfaRegistration.decide(EnumSet.of(WEBAUTHN_2FA, WEBAUTHN_PASSWORDLESS), EnumSet.of(OTP), MFA, false));
        assertEquals(Decision.REGISTER, MfaRegistration.decide(ALL_ALLOWED, NONE, PHISHING_RESISTANT_MFA, false));
        assertEquals(Decision.REGISTER, MfaRegistration.decide(ALL_ALLOWED, NONE, PASSWORDLESS_MFA, false));
        assertEquals(Decision.REGISTER, MfaRegistration.decide(EnumSet.of(RECOVERY_CODES), NONE, MFA, false));
    }

    @Test
    void aTotpOnlyUserCannotReachPhishingResistantWithThePasswordAlone() {
        assertEquals(Decision.DENY_STRENGTH,
                MfaRegistration.decide(ALL_ALLOWED, EnumSet.of(OTP), PHISHING_RESISTANT_MFA, false));
        assertEquals(Decision.DENY_STRENGTH,
                MfaRegistration.decide(ALL_ALLOWED, EnumSet.of(OTP, WEBAUTHN_2FA), PASSWORDLESS_MFA, false));
    }

    @Test
    void afterSomeMfaInThisSignInTheStrongerMethodIsRegistered() {
        assertEquals(Decision.REGISTER,
                MfaRegistration.decide(ALL_ALLOWED, EnumSet.of(OTP), PHISHING_RESISTANT_MFA, true));
        assertEquals(Decision.REGISTER,
                MfaRegistration.decide(ALL_ALLOWED, EnumSet.of(WEBAUTHN_2FA), PASSWORDLESS_MFA, true));
    }

    @Test
    void aStrengthTheMethodsPolicyCannotReachIsRefused() {
        assertEquals(Decision.DENY_STRENGTH,
                MfaRegistration.decide(EnumSet.of(OTP), NONE, PHISHING_RESISTANT_MFA, false));
    }

    @Test
    void theConditionIsTrueForARecordedSourceNotYetSatisfied() {
        Set<MfaStrength> nothing = EnumSet.noneOf(MfaStrength.class);
        assertFalse(MfaRequiredCondition.isMfaRequired(null, null, nothing));
        assertFalse(MfaRequiredCondition.isMfaRequired(" , ", "mfa", nothing));
        assertTrue(MfaRequiredCondition.isMfaRequired("securityDefaults", "mfa", nothing));
        assertTrue(MfaRequiredCondition.isMfaRequired("evaluationError", null, nothing));
        assertFalse(MfaRequiredCondition.isMfaRequired("perUser:enforced", "mfa", EnumSet.of(MFA)));
        assertTrue(MfaRequiredCondition.isMfaRequired("policy:Admins", "phishingResistantMfa", EnumSet.of(MFA)));
    }

    @Test
    void theStrengthConditionPicksTheSubFlowOfTheRecordedStrength() {
        assertTrue(MfaStrengthCondition.matches(Optional.of(MFA), null, null, null));
        assertTrue(MfaStrengthCondition.matches(Optional.of(PHISHING_RESISTANT_MFA), "phishingResistantMfa", "tap",
                null));
        assertFalse(MfaStrengthCondition.matches(Optional.of(MFA), "phishingResistantMfa", null, null));
        assertFalse(MfaStrengthCondition.matches(Optional.of(MFA), "mfa", "registration:otp", null));
        assertFalse(MfaStrengthCondition.matches(Optional.empty(), "mfa", null, null));
        assertFalse(MfaStrengthCondition.matches(Optional.of(MFA), "mfa", null, "register"));
        assertFalse(MfaStrengthCondition.matches(Optional.of(MFA), "mfa", null, "snoozed"));
        assertTrue(MfaStrengthCondition.matches(Optional.of(MFA), "mfa", null, "nudge"));
    }

    @Test
    void totpDoesNotSatisfyAPhishingResistantRequirement() {
        assertFalse(MfaSatisfied.isSatisfied(PHISHING_RESISTANT_MFA, null, List.of("password", "otp"),
                "otp,webauthn-2fa,webauthn-passwordless", null, null));
        assertTrue(MfaSatisfied.isSatisfied(PHISHING_RESISTANT_MFA, null, List.of("password", "webauthn"),
                "otp,webauthn-2fa,webauthn-passwordless", null, null));
        assertFalse(MfaSatisfied.isSatisfied(PASSWORDLESS_MFA, null, List.of("password", "webauthn"),
                "otp,webauthn-2fa,webauthn-passwordless", null, null));
    }

    @Test
    void aMethodThePolicyDoesNotAllowTheUserDoesNotCount() {
        assertFalse(MfaSatisfied.isSatisfied(MFA, null, List.of("password", "otp"), "webauthn-2fa", null, null));
    }

    @Test
    void aPendingRegistrationCountsWhenItsMethodMeetsTheStrength() {
        assertTrue(MfaSatisfied.isSatisfied(PHISHING_RESISTANT_MFA, "registration:webauthn", List.of("password"),
                "", null, null));
        assertFalse(MfaSatisfied.isSatisfied(PHISHING_RESISTANT_MFA, "registration:otp", List.of("password"), "",
                null, null));
        assertTrue(MfaSatisfied.isSatisfied(MFA, "registration:otp", List.of("password"), "", null, null));
    }

    @Test
    void theWizardAndTheCampaignsGraceReplaceTheSecondFactorButANudgeDoesNot() {
        assertTrue(MfaSatisfied.isSatisfied(PHISHING_RESISTANT_MFA, null, List.of("password"), "", null, "register"));
        assertTrue(MfaSatisfied.isSatisfied(MFA, null, List.of("password"), "", null, "snoozed"));
        assertFalse(MfaSatisfied.isSatisfied(MFA, null, List.of("password"), "", null, "nudge"));
        assertFalse(MfaSatisfied.isSatisfied(MFA, null, List.of("password"), "", null, "unknown"));
    }

    @Test
    void nothingDoneIsNotSatisfied() {
        assertFalse(MfaSatisfied.isSatisfied(MFA, "tap", List.of("keyward-tap"), "otp", null, null));
        assertTrue(MfaSatisfied.isSatisfied(MFA, "tap", List.of("keyward-tap"), "otp", "mfa", null));
    }
}
