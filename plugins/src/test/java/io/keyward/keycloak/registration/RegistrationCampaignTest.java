package io.keyward.keycloak.registration;

import static io.keyward.keycloak.registration.SecurityInfoMethod.AUTHENTICATOR_APP;
import static io.keyward.keycloak.registration.SecurityInfoMethod.PASSKEY;
import static io.keyward.keycloak.registration.SecurityInfoMethod.RECOVERY_CODES;
import static io.keyward.keycloak.registration.SecurityInfoMethod.SECURITY_KEY;
import static io.keyward.keycloak.signin.MfaStrength.MFA;
import static io.keyward.keycloak.signin.MfaStrength.PASSWORDLESS_MFA;
import static io.keyward.keycloak.signin.MfaStrength.PHISHING_RESISTANT_MFA;
import static io.keyward.keycloak.signin.UserMethod.EMAIL;
import static io.keyward.keycloak.signin.UserMethod.OTP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyward.keycloak.signin.JsonFields;
import io.keyward.keycloak.signin.UserMethod;
import org.junit.jupiter.api.Test;

class RegistrationCampaignTest {

    private static final Instant NOW = Instant.parse("2026-11-26T04:00:00Z");
    private static final Set<UserMethod> EVERYTHING = EnumSet.allOf(UserMethod.class);
    private static final String ADDRESS = "kim@example.test";

    private static RegistrationCampaign campaign(String json) throws Exception {
        JsonFields fields = new JsonFields();
        RegistrationCampaign read = RegistrationCampaign.read(new ObjectMapper().readTree(json), fields);
        assertEquals(List.of(), fields.problems());
        return read;
    }

    @Test
    void readsTheCampaignWithTheDocumentsDefaults() throws Exception {
        RegistrationCampaign read = campaign("{\"state\":\"enabled\"}");
        assertTrue(read.enabled());
        assertEquals("any", read.targetMethod());
        assertEquals(1, read.snoozeDurationInDays());
        assertEquals(3, read.allowedSnoozes());
        assertTrue(read.enforceRegistrationAfterAllowedSnoozes());
        assertTrue(read.targets(List.of()));
    }

    @Test
    void targetsIncludeSubGroupsAndExclusionWins() throws Exception {
        RegistrationCampaign read = campaign("{\"state\":\"enabled\",\"includeTargets\":[\"group:/staff\"],"
                + "\"excludeTargets\":[\"group:/staff/pilots\"]}");
        assertTrue(read.targets(List.of("/staff/sales")));
        assertFalse(read.targets(List.of("/staff/pilots")));
        assertFalse(read.targets(List.of("/contractors")));
        assertFalse(campaign("{\"state\":\"disabled\"}").targets(List.of()));
    }

    @Test
    void outOfRangeValuesAndUnknownKeysAreProblems() throws Exception {
        JsonFields fields = new JsonFields();
        RegistrationCampaign.read(new ObjectMapper().readTree(
                "{\"state\":\"on\",\"snoozeDurationInDays\":15,\"allowedSnoozes\":-1,\"targetMethod\":\"sms\",\"x\":1}"),
                fields);
        assertEquals(5, fields.problems().size(), fields.problems().toString());
    }

    @Test
    void snoozesRunOutThenRegistrationIsMandatory() throws Exception {
        RegistrationCampaign read = campaign("{\"state\":\"enabled\",\"allowedSnoozes\":3,\"snoozeDurationInDays\":1}");
        Snooze snooze = Snooze.NONE;
        assertEquals(new Snooze.Decision(Snooze.Kind.OFFER, Optional.of(3)), Snooze.decide(read, Optional.of(snooze), NOW));
        for (int left = 2; left >= 0; left--) {
            snooze = snooze.taken(NOW, 1);
            assertEquals(Snooze.Kind.ACTIVE, Snooze.decide(read, Optional.of(snooze), NOW.plusSeconds(60)).kind());
            Snooze.Decision later = Snooze.decide(read, Optional.of(snooze), NOW.plus(Duration.ofDays(1)));
            assertEquals(left > 0 ? Snooze.Kind.OFFER : Snooze.Kind.MANDATORY, later.kind());
            assertEquals(Optional.of(left), later.snoozesLeft());
        }
    }

    @Test
    void withoutEnforcementSnoozesAreUnlimitedAndAZeroDaySnoozeHoldsForThisSignInOnly() throws Exception {
        RegistrationCampaign read = campaign("{\"state\":\"enabled\",\"allowedSnoozes\":0,\"snoozeDurationInDays\":0,"
                + "\"enforceRegistrationAfterAllowedSnoozes\":false}");
        Snooze taken = Snooze.NONE.taken(NOW, 0);
        assertEquals(new Snooze.Decision(Snooze.Kind.OFFER, Optional.empty()),
                Snooze.decide(read, Optional.of(taken), NOW));
    }

    @Test
    void anUnreadableAttributeCountsAsNoSnoozeLeft() throws Exception {
        RegistrationCampaign read = campaign("{\"state\":\"enabled\"}");
        assertEquals(Optional.empty(), Snooze.parse("{\"snoozes\":\"many\"}"));
        assertEquals(Optional.empty(), Snooze.parse("garbage"));
        assertEquals(Snooze.Kind.MANDATORY, Snooze.decide(read, Snooze.parse("garbage"), NOW).kind());
        Snooze snooze = new Snooze(2, NOW);
        assertEquals(Optional.of(snooze), Snooze.parse(snooze.format()));
    }

    @Test
    void graceOnlyForARolloutAndNeverForAdministrators() {
        assertTrue(Snooze.graceAllowed(List.of("securityDefaults"), false));
        assertTrue(Snooze.graceAllowed(List.of("securityDefaults", "perUser:enabled"), false));
        assertFalse(Snooze.graceAllowed(List.of("securityDefaults"), true));
        assertFalse(Snooze.graceAllowed(List.of("securityDefaults", "policy:Admins"), false));
        assertFalse(Snooze.graceAllowed(List.of("perUser:enforced"), false));
        assertFalse(Snooze.graceAllowed(List.of("securityDefaults", "evaluationError"), false));
        assertFalse(Snooze.graceAllowed(List.of(), false));
    }

    @Test
    void theWizardOffersAllowedMethodsThatMeetTheStrengthMostSecureFirst() {
        assertEquals(List.of(PASSKEY, SECURITY_KEY, AUTHENTICATOR_APP, RECOVERY_CODES),
                SecurityInfoMethod.offer(EVERYTHING, MFA, action -> !action.equals("keyward-email-otp-register"), ADDRESS));
        assertEquals(List.of(PASSKEY, SECURITY_KEY, AUTHENTICATOR_APP, SecurityInfoMethod.EMAIL, RECOVERY_CODES),
                SecurityInfoMethod.offer(EVERYTHING, MFA, action -> true, ADDRESS));
        assertEquals(List.of(PASSKEY, SECURITY_KEY), SecurityInfoMethod.offer(EVERYTHING, PHISHING_RESISTANT_MFA,
                action -> true, ADDRESS));
        assertEquals(List.of(PASSKEY), SecurityInfoMethod.offer(EVERYTHING, PASSWORDLESS_MFA, action -> true,
                ADDRESS));
        assertEquals(List.of(AUTHENTICATOR_APP), SecurityInfoMethod.offer(EnumSet.of(OTP, EMAIL), MFA,
                action -> action.equals("CONFIGURE_TOTP"), ADDRESS));
    }

    @Test
    void theWizardOffersEmailCodesOnlyToUsersWithAnEmailAddress() {
        assertEquals(List.of(AUTHENTICATOR_APP, SecurityInfoMethod.EMAIL),
                SecurityInfoMethod.offer(EnumSet.of(OTP, EMAIL), MFA, action -> true, ADDRESS));
        assertEquals(List.of(AUTHENTICATOR_APP), SecurityInfoMethod.offer(EnumSet.of(OTP, EMAIL), MFA,
                action -> true, null));
        assertEquals(List.of(AUTHENTICATOR_APP), SecurityInfoMethod.offer(EnumSet.of(OTP, EMAIL), MFA,
                action -> true, " "));
        // Email codes the only allowed method and no address: nothing to offer, so the sign-in is refused.
        assertEquals(List.of(), SecurityInfoMethod.offer(EnumSet.of(EMAIL), MFA, action -> true, null));
        assertTrue(SecurityInfoMethod.AUTHENTICATOR_APP.registrableWith(null));
        assertFalse(SecurityInfoMethod.EMAIL.registrableWith(""));
        assertTrue(SecurityInfoMethod.EMAIL.registrableWith(ADDRESS));
    }

    @Test
    void theNudgeOffersTheTargetToUsersWhoDidMfaWithoutIt() throws Exception {
        RegistrationCampaign fido2 = campaign("{\"state\":\"enabled\",\"targetMethod\":\"fido2\"}");
        assertEquals(List.of(PASSKEY, SECURITY_KEY), RegistrationNudge.offer(fido2, true, EnumSet.of(OTP),
                EnumSet.of(OTP), EVERYTHING, action -> true));
        assertEquals(List.of(), RegistrationNudge.offer(fido2, false, EnumSet.of(OTP), EnumSet.of(OTP), EVERYTHING,
                action -> true));
        assertEquals(List.of(), RegistrationNudge.offer(fido2, true, EnumSet.noneOf(UserMethod.class),
                EnumSet.of(OTP), EVERYTHING, action -> true));
        assertEquals(List.of(), RegistrationNudge.offer(fido2, true, EnumSet.of(OTP),
                EnumSet.of(OTP, UserMethod.WEBAUTHN_2FA), EVERYTHING, action -> true));
        assertEquals(List.of(), RegistrationNudge.offer(campaign("{\"state\":\"enabled\"}"), true, EnumSet.of(OTP),
                EnumSet.of(OTP), EVERYTHING, action -> true));
        assertEquals(List.of(AUTHENTICATOR_APP), RegistrationNudge.offer(
                campaign("{\"state\":\"enabled\",\"targetMethod\":\"softwareOath\"}"), true,
                EnumSet.of(UserMethod.RECOVERY_CODES), EnumSet.of(UserMethod.RECOVERY_CODES), EVERYTHING, action -> true));
    }
}
