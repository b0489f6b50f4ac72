package io.keyward.keycloak.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.keyward.keycloak.tap.TemporaryAccessPassHash;
import org.junit.jupiter.api.Test;

class EmailOtpChallengeTest {

    private static final EmailOtpConfig CONFIG = new EmailOtpConfig(Map.of("codeLifetimeInMinutes", "2",
            "resendCooldownInSeconds", "30", "maximumAttemptsPerCode", "3"));
    private static final Instant SENT = Instant.parse("2026-01-01T10:00:00Z");
    private static final TemporaryAccessPassHash.Hashed HASH =
            TemporaryAccessPassHash.hash("12345678", new SecureRandom());

    private static Optional<EmailOtpChallenge> challenge(int attempts) {
        return Optional.of(new EmailOtpChallenge("kim@example.org", HASH, SENT, attempts));
    }

    private static EmailOtpChallenge.Outcome decide(Optional<EmailOtpChallenge> challenge, boolean lockedOut,
            String typed, Instant now) {
        return EmailOtpChallenge.decide(challenge, lockedOut, inFlight -> EmailOtpExchange.matches(typed, inFlight),
                now, CONFIG);
    }

    @Test
    void acceptsTheRightCodeWithinItsLifetime() {
        assertEquals(EmailOtpChallenge.Outcome.ACCEPTED, decide(challenge(0), false, "12345678", SENT.plusSeconds(119)));
        assertEquals(EmailOtpChallenge.Outcome.ACCEPTED, decide(challenge(2), false, "12345678", SENT));
    }

    @Test
    void countsWrongCodesAndVoidsTheCodeAtTheLimit() {
        assertEquals(EmailOtpChallenge.Outcome.INVALID, decide(challenge(0), false, "87654321", SENT));
        assertEquals(EmailOtpChallenge.Outcome.INVALID, decide(challenge(1), false, "87654321", SENT));
        assertEquals(EmailOtpChallenge.Outcome.INVALID_AND_VOID, decide(challenge(2), false, "87654321", SENT));
        // Once void, even the right code is not compared.
        assertEquals(EmailOtpChallenge.Outcome.NO_CODE, decide(challenge(3), false, "12345678", SENT));
    }

    @Test
    void refusesExpiredCodesAndMissingOnesWithoutComparing() {
        EmailOtpChallenge.Outcome expired = EmailOtpChallenge.decide(challenge(0), false, inFlight -> {
            throw new AssertionError("an expired code must not be compared");
        }, SENT.plusSeconds(120), CONFIG);
        assertEquals(EmailOtpChallenge.Outcome.EXPIRED, expired);
        assertEquals(EmailOtpChallenge.Outcome.NO_CODE, decide(Optional.empty(), false, "12345678", SENT));
    }

    @Test
    void aLockOutComesFirst() {
        assertEquals(EmailOtpChallenge.Outcome.LOCKED_OUT, decide(challenge(0), true, "12345678", SENT));
        assertEquals(EmailOtpChallenge.Outcome.LOCKED_OUT, decide(Optional.empty(), true, "12345678", SENT));
    }

    @Test
    void resendWaitsForTheCoolDown() {
        assertEquals(0, EmailOtpChallenge.resendWaitSeconds(Optional.empty(), SENT, CONFIG));
        assertEquals(30, EmailOtpChallenge.resendWaitSeconds(challenge(0), SENT, CONFIG));
        assertEquals(1, EmailOtpChallenge.resendWaitSeconds(challenge(0), SENT.plusMillis(29_001), CONFIG));
        assertEquals(0, EmailOtpChallenge.resendWaitSeconds(challenge(0), SENT.plusSeconds(30), CONFIG));
        // The attempt limit does not shorten the cool-down.
        assertEquals(30, EmailOtpChallenge.resendWaitSeconds(challenge(3), SENT, CONFIG));
    }

    @Test
    void survivesTheRoundTripThroughAuthenticationNotes() {
        EmailOtpChallenge original = challenge(2).orElseThrow();
        assertEquals(Optional.of(original), EmailOtpChallenge.read(original.notes()));
        assertEquals(Optional.empty(), EmailOtpChallenge.read(Map.of()));
        assertFalse(original.notes().containsValue("12345678"));
    }

    @Test
    void aCodeInFlightIsReusedOnlyForTheSameAddressWhileUsable() {
        EmailOtpChallenge inFlight = challenge(0).orElseThrow();
        assertTrue(inFlight.usableFor("KIM@example.org", SENT.plusSeconds(10), CONFIG));
        assertFalse(inFlight.usableFor("other@example.org", SENT.plusSeconds(10), CONFIG));
        assertFalse(inFlight.usableFor("kim@example.org", SENT.plusSeconds(120), CONFIG));
        assertFalse(challenge(3).orElseThrow().usableFor("kim@example.org", SENT, CONFIG));
    }

    @Test
    void codesAreDigitsOfTheConfiguredLength() {
        SecureRandom random = new SecureRandom();
        for (int length = 6; length <= 10; length++) {
            String code = EmailOtpCode.generate(random, length);
            assertTrue(code.matches("\\d{" + length + "}"), code);
        }
        assertEquals("12345678", EmailOtpCode.normalise(" 1234-5678 "));
        assertEquals("", EmailOtpCode.normalise(null));
        assertEquals("k***@example.org", EmailOtpCode.maskAddress("kim@example.org"));
    }
}
