package io.keyward.keycloak.remember;

import static io.keyward.keycloak.remember.RememberMfa.MarkCheck.EXPIRED;
import static io.keyward.keycloak.remember.RememberMfa.MarkCheck.FOREIGN;
import static io.keyward.keycloak.remember.RememberMfa.MarkCheck.REVOKED;
import static io.keyward.keycloak.remember.RememberMfa.MarkCheck.TAMPERED;
import static io.keyward.keycloak.remember.RememberMfa.MarkCheck.VALID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.keyward.keycloak.signin.MfaStrength;
import org.junit.jupiter.api.Test;

/** The remember-MFA decisions with an explicit clock: expiry is tested here, not by waiting days. */
class RememberMfaTest {

    private static final String REALM = "realm-id";
    private static final String USER = "user-id";
    private static final long ISSUED = 1_780_000_000L;
    private static final int DAYS = 14;
    private static final long LIFETIME = DAYS * 86_400L;

    private static RememberMfaMark mark(String realm, String user, long version, long issuedAt, long expiresAt) {
        RememberMfaMark mark = new RememberMfaMark().version(version);
        mark.type(RememberMfaMark.TYPE);
        mark.issuer(realm);
        mark.subject(user);
        mark.iat(issuedAt);
        mark.exp(expiresAt);
        return mark;
    }

    private static final RememberMfaMark GOOD = mark(REALM, USER, 3, ISSUED, ISSUED + LIFETIME);

    @Test
    void aMarkHoldsUntilTheSecondBeforeItExpires() {
        assertEquals(VALID, RememberMfa.check(GOOD, REALM, USER, 3, DAYS, ISSUED));
        assertEquals(VALID, RememberMfa.check(GOOD, REALM, USER, 3, DAYS, ISSUED + LIFETIME - 1));
        assertEquals(EXPIRED, RememberMfa.check(GOOD, REALM, USER, 3, DAYS, ISSUED + LIFETIME));
        assertEquals(EXPIRED, RememberMfa.check(GOOD, REALM, USER, 3, DAYS, ISSUED + 400 * 86_400L));
    }

    @Test
    void shorteningTheDaysShortensMarksAlreadyIssued() {
        assertEquals(VALID, RememberMfa.check(GOOD, REALM, USER, 3, 7, ISSUED + 7 * 86_400L - 1));
        assertEquals(EXPIRED, RememberMfa.check(GOOD, REALM, USER, 3, 7, ISSUED + 7 * 86_400L));
        RememberMfaMark longLived = mark(REALM, USER, 3, ISSUED, ISSUED + 30 * 86_400L);
        assertEquals(EXPIRED, RememberMfa.check(longLived, REALM, USER, 3, DAYS, ISSUED + LIFETIME));
    }

    @Test
    void aRevokedMarkIsIgnored() {
        assertEquals(REVOKED, RememberMfa.check(GOOD, REALM, USER, 4, DAYS, ISSUED + 1));
    }

    @Test
    void anotherUsersOrRealmsMarkIsForeign() {
        assertEquals(FOREIGN, RememberMfa.check(GOOD, REALM, "other-user", 3, DAYS, ISSUED + 1));
        assertEquals(FOREIGN, RememberMfa.check(GOOD, "other-realm", USER, 3, DAYS, ISSUED + 1));
    }

    @Test
    void unverifiedOrIncompleteTokensAreTampered() {
        assertEquals(TAMPERED, RememberMfa.check(null, REALM, USER, 3, DAYS, ISSUED));
        assertEquals(TAMPERED, RememberMfa.check(new RememberMfaMark(), REALM, USER, 3, DAYS, ISSUED));
        RememberMfaMark accessToken = mark(REALM, USER, 3, ISSUED, ISSUED + LIFETIME);
        accessToken.type("Bearer");
        assertEquals(TAMPERED, RememberMfa.check(accessToken, REALM, USER, 3, DAYS, ISSUED));
        RememberMfaMark noVersion = mark(REALM, USER, 3, ISSUED, ISSUED + LIFETIME).version(null);
        assertEquals(TAMPERED, RememberMfa.check(noVersion, REALM, USER, 3, DAYS, ISSUED));
    }

    @Test
    void aMarkCountsForMfaOnlyWithoutErrorsAndNotWhereSecurityDefaultsRefuseIt() {
        assertTrue(RememberMfa.markCounts(MfaStrength.MFA, false, false));
        assertFalse(RememberMfa.markCounts(MfaStrength.PHISHING_RESISTANT_MFA, false, false));
        assertFalse(RememberMfa.markCounts(MfaStrength.PASSWORDLESS_MFA, false, false));
        assertFalse(RememberMfa.markCounts(MfaStrength.MFA, true, false));
        assertFalse(RememberMfa.markCounts(MfaStrength.MFA, false, true));
        assertFalse(RememberMfa.markCounts(null, false, false));
    }

    @Test
    void theNotesDecideTheUse() {
        Optional<RememberMfa.MarkCheck> valid = Optional.of(VALID);
        EnumSet<MfaStrength> none = EnumSet.noneOf(MfaStrength.class);
        assertEquals(RememberMfa.Use.HONOURED, RememberMfa.use("securityDefaults", "mfa", null, none, valid));
        assertEquals(RememberMfa.Use.NOT_NEEDED, RememberMfa.use(null, null, null, none, valid));
        assertEquals(RememberMfa.Use.NOT_NEEDED,
                RememberMfa.use("securityDefaults", "mfa", null, EnumSet.of(MfaStrength.MFA), valid));
        assertEquals(RememberMfa.Use.NOT_COUNTED,
                RememberMfa.use("securityDefaults", "mfa", "securityDefaults", none, valid));
        assertEquals(RememberMfa.Use.NOT_COUNTED,
                RememberMfa.use("policy:Admins", "phishingResistantMfa", null, none, valid));
        assertEquals(RememberMfa.Use.NOT_COUNTED,
                RememberMfa.use("perUser:enforced,evaluationError", "mfa", null, none, valid));
        assertEquals(RememberMfa.Use.NOT_COUNTED, RememberMfa.use("policy:A", "nonsense", null, none, valid));
        assertEquals(RememberMfa.Use.NO_VALID_MARK,
                RememberMfa.use("securityDefaults", "mfa", null, none, Optional.of(REVOKED)));
        assertEquals(RememberMfa.Use.NO_VALID_MARK, RememberMfa.use("securityDefaults", "mfa", null, none,
                Optional.empty()));
    }

    @Test
    void theOfferFollowsAFreshSecondFactorWhereAMarkWouldCount() {
        assertTrue(RememberMfa.mayOffer("securityDefaults", "mfa", null, null, List.of("password", "otp"), null));
        assertTrue(RememberMfa.mayOffer("policy:A", "mfa", null, null, List.of("password", "webauthn"), "always"));
        // Nothing required, only a password, a TAP, a registration, a mark, or the SSO session: no offer.
        assertFalse(RememberMfa.mayOffer(null, null, null, null, List.of("password", "otp"), null));
        assertFalse(RememberMfa.mayOffer("securityDefaults", "mfa", null, null, List.of("password"), null));
        assertFalse(RememberMfa.mayOffer("securityDefaults", "mfa", null, "tap", List.of(), null));
        assertFalse(RememberMfa.mayOffer("securityDefaults", "mfa", null, "registration:otp", List.of("password"),
                null));
        assertFalse(RememberMfa.mayOffer("securityDefaults", "mfa", null, "rememberMfa", List.of("password"), null));
        // Where a mark would not count, or a policy says the browser must not persist.
        assertFalse(RememberMfa.mayOffer("securityDefaults", "mfa", "securityDefaults", null, List.of("otp"), null));
        assertFalse(RememberMfa.mayOffer("policy:A", "phishingResistantMfa", null, null, List.of("webauthn"), null));
        assertFalse(RememberMfa.mayOffer("policy:A", "mfa", null, null, List.of("otp"), "never"));
    }

    @Test
    void theVersionIsANonNegativeWholeNumberAndAbsentIsZero() {
        assertEquals(Optional.of(0L), RememberMfa.version(null));
        assertEquals(Optional.of(0L), RememberMfa.version(""));
        assertEquals(Optional.of(7L), RememberMfa.version("7"));
        assertEquals(Optional.empty(), RememberMfa.version("-1"));
        assertEquals(Optional.empty(), RememberMfa.version("seven"));
    }

    @Test
    void everyUserOfABrowserHasACookieOfTheirOwnThatDoesNotNameThem() {
        String name = RememberMfa.cookieName(REALM, USER);
        assertTrue(name.matches("KEYWARD_REMEMBER_MFA_[0-9a-f]{16}"), name);
        assertFalse(name.contains(USER));
        assertEquals(name, RememberMfa.cookieName(REALM, USER));
        assertNotEquals(name, RememberMfa.cookieName(REALM, "other-user"));
        assertNotEquals(name, RememberMfa.cookieName("other-realm", USER));
    }

    @Test
    void theDaysMustBeAWholeNumberFromOneTo365() {
        assertEquals(Optional.of(14), new RememberMfaConfig(Map.of("days", "14")).days());
        assertEquals(Optional.of(365), new RememberMfaConfig(Map.of("days", "365")).days());
        for (String bad : List.of("0", "366", "two", "")) {
            assertEquals(Optional.empty(), new RememberMfaConfig(Map.of("days", bad)).days(), bad);
            assertTrue(new RememberMfaConfig(Map.of("days", bad)).problem().isPresent(), bad);
        }
        assertTrue(new RememberMfaConfig(Map.of()).problem().get().contains("not configured"));
    }
}
