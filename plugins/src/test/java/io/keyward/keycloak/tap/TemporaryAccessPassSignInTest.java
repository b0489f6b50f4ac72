package io.keyward.keycloak.tap;

import static io.keyward.keycloak.tap.TemporaryAccessPassSignIn.Outcome.ACCEPTED;
import static io.keyward.keycloak.tap.TemporaryAccessPassSignIn.Outcome.ALREADY_USED;
import static io.keyward.keycloak.tap.TemporaryAccessPassSignIn.Outcome.EXPIRED;
import static io.keyward.keycloak.tap.TemporaryAccessPassSignIn.Outcome.INVALID;
import static io.keyward.keycloak.tap.TemporaryAccessPassSignIn.Outcome.LOCKED_OUT;
import static io.keyward.keycloak.tap.TemporaryAccessPassSignIn.Outcome.NOT_ALLOWED;
import static io.keyward.keycloak.tap.TemporaryAccessPassSignIn.Outcome.NOT_YET_VALID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class TemporaryAccessPassSignInTest {

    private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");

    private static TemporaryAccessPassCredentialModel.Data pass(Instant start, Duration lifetime, boolean once,
            Instant lastUsed) {
        return new TemporaryAccessPassCredentialModel.Data(start.toEpochMilli(), start.plus(lifetime).toEpochMilli(),
                once, 8, "admin", lastUsed == null ? null : lastUsed.toEpochMilli());
    }

    private static final TemporaryAccessPassCredentialModel.Data ACTIVE =
            pass(NOW.minus(Duration.ofMinutes(5)), Duration.ofHours(1), true, null);

    @Test
    void aUserOutsideTheTargetsIsRefusedWhateverTheCode() {
        assertEquals(NOT_ALLOWED, TemporaryAccessPassSignIn.decide(false, false, Optional.of(ACTIVE), true, NOW));
    }

    @Test
    void aLockedOutUserIsRefusedBeforeTheCodeIsLookedAt() {
        assertEquals(LOCKED_OUT, TemporaryAccessPassSignIn.decide(true, true, Optional.of(ACTIVE), true, NOW));
        assertEquals(NOT_ALLOWED, TemporaryAccessPassSignIn.decide(false, true, Optional.of(ACTIVE), true, NOW));
    }

    @Test
    void aWrongCodeOrNoPassIsInvalidBeforeAnythingIsToldAboutThePass() {
        assertEquals(INVALID, TemporaryAccessPassSignIn.decide(true, false, Optional.of(ACTIVE), false, NOW));
        assertEquals(INVALID, TemporaryAccessPassSignIn.decide(true, false, Optional.empty(), false, NOW));
        assertEquals(INVALID, TemporaryAccessPassSignIn.decide(true, false,
                Optional.of(pass(NOW.minus(Duration.ofDays(2)), Duration.ofHours(1), false, null)), false, NOW));
    }

    @Test
    void theRightCodeIsRefusedOutsideTheValidityWindowOrOnceUsed() {
        assertEquals(NOT_YET_VALID, TemporaryAccessPassSignIn.decide(true, false,
                Optional.of(pass(NOW.plus(Duration.ofMinutes(1)), Duration.ofHours(1), false, null)), true, NOW));
        assertEquals(EXPIRED, TemporaryAccessPassSignIn.decide(true, false,
                Optional.of(pass(NOW.minus(Duration.ofHours(1)), Duration.ofHours(1), false, null)), true, NOW));
        assertEquals(ALREADY_USED, TemporaryAccessPassSignIn.decide(true, false,
                Optional.of(pass(NOW.minus(Duration.ofMinutes(5)), Duration.ofHours(1), true, NOW)), true, NOW));
        assertEquals(ACCEPTED, TemporaryAccessPassSignIn.decide(true, false, Optional.of(ACTIVE), true, NOW));
    }

    @Test
    void aMultiUsePassCanBeUsedAgain() {
        assertEquals(ACCEPTED, TemporaryAccessPassSignIn.decide(true, false,
                Optional.of(pass(NOW.minus(Duration.ofMinutes(5)), Duration.ofHours(1), false, NOW)), true, NOW));
    }

    @Test
    void aPassSignInIsRefusedWhenMoreThanMfaIsRequiredAndOtherwiseOnboarded() {
        assertEquals(TemporaryAccessPassOnboarding.Decision.NOT_A_PASS_SIGN_IN,
                TemporaryAccessPassOnboarding.decide(null, "policy:Admins", "phishingResistantMfa"));
        assertEquals(TemporaryAccessPassOnboarding.Decision.NOT_A_PASS_SIGN_IN,
                TemporaryAccessPassOnboarding.decide("registration:otp", "securityDefaults", "mfa"));
        assertEquals(TemporaryAccessPassOnboarding.Decision.ONBOARD,
                TemporaryAccessPassOnboarding.decide("tap", null, null));
        assertEquals(TemporaryAccessPassOnboarding.Decision.ONBOARD,
                TemporaryAccessPassOnboarding.decide("tap", "securityDefaults,evaluationError", "mfa"));
        assertEquals(TemporaryAccessPassOnboarding.Decision.REFUSE_STRENGTH,
                TemporaryAccessPassOnboarding.decide("tap", "policy:Admins", "phishingResistantMfa"));
        assertEquals(TemporaryAccessPassOnboarding.Decision.REFUSE_STRENGTH,
                TemporaryAccessPassOnboarding.decide("tap", "securityDefaults,policy:Staff", "passwordlessMfa"));
    }

    @Test
    void usabilityUsesGraphsReasons() {
        assertEquals("EnabledByPolicy", TemporaryAccessPassUsability.of(ACTIVE, true, NOW).reason());
        assertEquals("DisabledByPolicy", TemporaryAccessPassUsability.of(ACTIVE, false, NOW).reason());
        assertEquals("OneTimeUsed", TemporaryAccessPassUsability
                .of(pass(NOW.minus(Duration.ofHours(2)), Duration.ofHours(1), true, NOW), true, NOW).reason());
    }

    @Test
    void theStoredCredentialKeepsOnlyMetadataInItsDataAndOnlyTheHashInItsSecret() {
        TemporaryAccessPassIssue.Pass issued =
                new TemporaryAccessPassIssue.Pass(NOW, NOW.plus(Duration.ofHours(1)), 60, true, 8);
        TemporaryAccessPassCredentialModel model = TemporaryAccessPassCredentialModel.create(issued,
                TemporaryAccessPassHash.hash("ABCD2345", new SecureRandom()), "helpdesk@master", NOW);

        assertFalse(model.getCredentialData().contains("ABCD2345"));
        assertFalse(model.getSecretData().contains("ABCD2345"));
        assertEquals("""
                {"startDateTime":%d,"endDateTime":%d,"isUsableOnce":true,"length":8,"createdBy":"helpdesk@master",\
                "lastUsedDateTime":null}""".formatted(NOW.toEpochMilli(), NOW.plus(Duration.ofHours(1)).toEpochMilli()),
                model.getCredentialData());

        TemporaryAccessPassCredentialModel read = TemporaryAccessPassCredentialModel.fromCredentialModel(model);
        assertEquals(model.data(), read.data());
        assertNull(read.data().lastUsedDateTime());
        assertEquals(NOW.toEpochMilli(), read.usedAt(NOW).data().lastUsedDateTime());
        assertEquals(true, TemporaryAccessPassHash.verify("ABCD2345", read.secret()));
    }
}
