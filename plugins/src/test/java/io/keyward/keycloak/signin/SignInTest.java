package io.keyward.keycloak.signin;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
                SignInDetails.of(ClientAppType.OTHER, null, null, null, List.of("password")));
    }

    @Test
    void theSecondFactorComesFromKeycloaksCredentialNote() {
        assertEquals(Map.of("keyward_client_app_type", "browser", "keyward_mfa_required_by", "securityDefaults",
                        "keyward_strength", "mfa", "keyward_method", "otp"),
                SignInDetails.of(ClientAppType.BROWSER, "securityDefaults", "mfa", null, List.of("password", "otp")));
        assertEquals("webauthn", SignInDetails.of(ClientAppType.BROWSER, "securityDefaults", "mfa", null,
                List.of("password", "webauthn")).get("keyward_method"));
    }

    @Test
    void keywardsOwnMethodNoteWins() {
        assertEquals("registration:otp", SignInDetails.of(ClientAppType.BROWSER, "securityDefaults", "mfa",
                "registration:otp", List.of("password")).get("keyward_method"));
    }
}
