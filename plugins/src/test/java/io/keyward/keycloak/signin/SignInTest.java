package io.keyward.keycloak.signin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SignInTest {

    @Test
    void splitsMultivaluedConfig() {
        assertEquals(List.of("a", "b c"), ConfigValues.split(" a ## ##b c##"));
        assertEquals(List.of(), ConfigValues.split(null));
        assertEquals(List.of(), ConfigValues.split(""));
    }

    @Test
    void onlyThePasswordGrantIsLegacy() {
        assertEquals(ClientAppType.OTHER, ClientAppType.ofGrantType("password"));
        assertEquals(ClientAppType.BROWSER, ClientAppType.ofGrantType(null));
        assertEquals(ClientAppType.BROWSER, ClientAppType.ofGrantType("authorization_code"));
    }

    @Test
    void sourcesAreRecordedOnce() {
        assertEquals("securityDefaults", MfaNotes.withSource(null, "securityDefaults"));
        assertEquals("securityDefaults,evaluationError",
                MfaNotes.withSource("securityDefaults", "evaluationError"));
        assertEquals("securityDefaults", MfaNotes.withSource("securityDefaults", "securityDefaults"));
    }

    @Test
    void theStrongestStrengthWins() {
        assertEquals(MfaStrength.MFA, MfaStrength.strongest(null, MfaStrength.MFA));
        assertEquals(MfaStrength.MFA, MfaStrength.strongest("garbage", MfaStrength.MFA));
        assertEquals(MfaStrength.PHISHING_RESISTANT_MFA,
                MfaStrength.strongest("phishingResistantMfa", MfaStrength.MFA));
        assertEquals(MfaStrength.PASSWORDLESS_MFA, MfaStrength.strongest("mfa", MfaStrength.PASSWORDLESS_MFA));
    }

    @Test
    void aSignInWithoutRequirementReportsNone() {
        assertEquals(Map.of("keyward_client_app_type", "other", "keyward_mfa_required_by", "none"),
                SignInDetails.of(ClientAppType.OTHER, notes(null, null, null, List.of("password"))));
    }

    @Test
    void theSecondFactorComesFromKeycloaksCredentialNote() {
        assertEquals(Map.of("keyward_client_app_type", "browser", "keyward_mfa_required_by", "securityDefaults",
                        "keyward_strength", "mfa", "keyward_method", "otp"),
                SignInDetails.of(ClientAppType.BROWSER, notes("securityDefaults", "mfa", null,
                        List.of("password", "otp"))));
        assertEquals("webauthn", SignInDetails.of(ClientAppType.BROWSER, notes("securityDefaults", "mfa", null,
                List.of("password", "webauthn"))).get("keyward_method"));
        assertEquals("recovery-codes", SignInDetails.of(ClientAppType.BROWSER, notes("securityDefaults", "mfa", null,
                List.of("password", "recovery-authn-codes"))).get("keyward_method"));
    }

    @Test
    void aRegistrationWinsThenASecondFactorThenKeywardsNote() {
        assertEquals("registration:otp", SignInDetails.of(ClientAppType.BROWSER, notes("securityDefaults", "mfa",
                "registration:otp", List.of("password"))).get("keyward_method"));
        assertEquals("webauthn", SignInDetails.of(ClientAppType.BROWSER, notes("policy:Admins",
                "phishingResistantMfa", "tap", List.of("keyward-tap", "webauthn"))).get("keyward_method"));
        assertEquals("tap", SignInDetails.of(ClientAppType.BROWSER, notes("securityDefaults", "mfa", "tap",
                List.of("keyward-tap"))).get("keyward_method"));
    }

    @Test
    void anSsoSignInWhoseSessionDidTheMfaSaysSso() {
        SignInDetails.Notes sso = new SignInDetails.Notes("perUser:enforced", "mfa", null, List.of(), true, null, null,
                null);
        assertEquals("sso", SignInDetails.of(ClientAppType.BROWSER, sso).get("keyward_method"));
        SignInDetails.Notes nothingRequired = new SignInDetails.Notes(null, null, null, List.of(), true, null, null,
                null);
        assertEquals(null, SignInDetails.of(ClientAppType.BROWSER, nothingRequired).get("keyward_method"));
    }

    @Test
    void policyListsAreEncodedSoNamesMayHoldCommas() {
        String applied = NoteLists.with(NoteLists.with(null, "Block, legacy"), "MFA 100%");
        String reportOnly = NoteLists.with(null, SignInNotes.reportOnlyItem("a=b", "block"));
        Map<String, String> details = SignInDetails.of(ClientAppType.BROWSER, new SignInDetails.Notes(
                MfaNotes.withSource(null, MfaNotes.policySource("Block, legacy")), "mfa", null, List.of(), false,
                applied, reportOnly, null));

        assertEquals("Block%2C legacy,MFA 100%25", details.get("keyward_policies_applied"));
        assertEquals("a=b=block", details.get("keyward_report_only"));
        assertEquals("policy:Block%2C legacy", details.get("keyward_mfa_required_by"));
        assertEquals(List.of("Block, legacy", "MFA 100%"), NoteLists.items(applied));
    }

    @Test
    void theEvaluationErrorStaysLast() {
        String note = MfaNotes.withSource(MfaNotes.withSource("securityDefaults", "evaluationError"), "policy:A");
        assertEquals(List.of("securityDefaults", "policy:A", "evaluationError"), MfaNotes.sources(note));
    }

    @Test
    void satisfiedStrengthsComeFromTheNoteAndTheCredentialsUsed() {
        assertEquals(EnumSet.of(MfaStrength.MFA), MfaNotes.satisfied("mfa", List.of("keyward-tap")));
        assertEquals(EnumSet.allOf(MfaStrength.class), MfaNotes.satisfied(null, List.of("webauthn-passwordless")));
        assertEquals(EnumSet.of(MfaStrength.MFA, MfaStrength.PHISHING_RESISTANT_MFA),
                MfaNotes.achieved(null, List.of("password"), "registration:webauthn"));
    }

    private static SignInDetails.Notes notes(String requiredBy, String strength, String method,
            List<String> credentials) {
        return new SignInDetails.Notes(requiredBy, strength, method, credentials, false, null, null, null);
    }
}
