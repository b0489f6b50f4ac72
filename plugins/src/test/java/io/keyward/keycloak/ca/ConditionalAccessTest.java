package io.keyward.keycloak.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.keyward.keycloak.signin.ClientAppType;
import io.keyward.keycloak.signin.MfaStrength;
import org.junit.jupiter.api.Test;

class ConditionalAccessTest {

    private static final String LOCATIONS =
            "[{\"displayName\":\"Office\",\"ipRanges\":[\"203.0.113.0/24\",\"2001:db8::/48\"],\"isTrusted\":true}]";

    @Test
    void readsLiteralAddressesOnly() {
        assertTrue(IpAddress.parse("203.0.113.5").isPresent());
        assertTrue(IpAddress.parse("0:0:0:0:0:0:0:1").isPresent());
        assertTrue(IpAddress.parse("2001:DB8::1").isPresent());
        assertTrue(IpAddress.parse("::ffff:203.0.113.5").isPresent());
        for (String notAnAddress : List.of("", "localhost", "203.0.113", "203.0.113.256", "010.0.0.1", "1::2::3",
                "fe80::1%eth0", "1:2:3:4:5:6:7:8:9", "::ffff:1.2.3")) {
            assertFalse(IpAddress.parse(notAnAddress).isPresent(), notAnAddress);
        }
    }

    @Test
    void rangesMatchTheirPrefixAndFamilyOnly() {
        IpRange v4 = IpRange.parse("192.0.2.0/25").orElseThrow();
        assertTrue(v4.contains(IpAddress.parse("192.0.2.127").orElseThrow()));
        assertFalse(v4.contains(IpAddress.parse("192.0.2.128").orElseThrow()));
        assertTrue(v4.contains(IpAddress.parse("::ffff:192.0.2.1").orElseThrow()));
        IpRange v6 = IpRange.parse("2001:db8::/48").orElseThrow();
        assertTrue(v6.contains(IpAddress.parse("2001:db8:0:ffff::1").orElseThrow()));
        assertFalse(v6.contains(IpAddress.parse("2001:db8:1::1").orElseThrow()));
        assertFalse(v6.contains(IpAddress.parse("192.0.2.1").orElseThrow()));
        assertTrue(IpRange.parse("0.0.0.0/0").orElseThrow().contains(IpAddress.parse("8.8.8.8").orElseThrow()));
        assertFalse(IpRange.parse("10.0.0.0/33").isPresent());
        assertFalse(IpRange.parse("10.0.0.0").isPresent());
    }

    @Test
    void aCompilerConfigIsReadWithEveryDefault() {
        ConditionalAccessConfig config = config("{\"displayName\":\"MFA\",\"state\":\"enabled\",\"conditions\":"
                + "{\"users\":{\"includeUsers\":[\"All\"]},\"applications\":{\"includeApplications\":[\"All\"]}},"
                + "\"grantControls\":{\"builtInControls\":[\"mfa\"]}}");

        assertEquals(List.of(), config.problems());
        ConditionalAccessPolicy policy = config.policy().orElseThrow();
        assertEquals(List.of("All"), policy.locations().includeLocations());
        assertEquals(List.of("all"), policy.clientAppTypes());
        assertEquals("OR", policy.grantControls().operator());
        assertFalse(policy.sessionControls().signInFrequency().isEnabled());
        assertEquals(1, config.namedLocations().size());
    }

    @Test
    void unknownKeysWrongTypesAndMissingLocationsAreProblems() {
        assertEquals(1, config("{\"displayName\":\"A\",\"state\":\"enabled\",\"conditions\":{},\"grant\":{}}")
                .problems().size());
        assertEquals(1, config("{\"displayName\":\"A\",\"state\":\"on\",\"conditions\":{}}").problems().size());
        assertEquals(1, config("{\"displayName\":\"A\",\"state\":\"enabled\",\"conditions\":{\"users\":"
                + "{\"includeUsers\":\"All\"}}}").problems().size());
        assertEquals(1, config("{\"displayName\":\"A\",\"state\":\"enabled\",\"conditions\":{\"locations\":"
                + "{\"includeLocations\":[\"Home\"]}}}").problems().size());
        assertEquals(1, config("{\"displayName\":\"A\",\"state\":\"enabled\",\"conditions\":{},\"sessionControls\":"
                + "{\"signInFrequency\":{\"isEnabled\":true}}}").problems().size());
        assertFalse(new ConditionalAccessConfig("id", Map.of()).problems().isEmpty());
        assertFalse(new ConditionalAccessConfig("id", Map.of("policy", "{", "namedLocations", "[]")).problems()
                .isEmpty());
        assertFalse(new ConditionalAccessConfig("id", Map.of("policy", "{\"displayName\":\"A\",\"state\":\"enabled\"}",
                "namedLocations", "[{\"displayName\":\"X\",\"ipRanges\":[\"300.0.0.0/8\"]}]")).problems().isEmpty());
    }

    @Test
    void theDirectGrantLearnsWhetherAppPasswordsAreAllowed() {
        String policy = "{\"displayName\":\"A\",\"state\":\"enabled\"}";
        assertFalse(config(policy).appPasswordsAllowed());
        ConditionalAccessConfig allowed = new ConditionalAccessConfig("id",
                Map.of("policy", policy, "namedLocations", "[]", "appPasswords", "allowed"));
        assertTrue(allowed.appPasswordsAllowed());
        assertEquals(List.of(), allowed.problems());
        ConditionalAccessConfig wrong = new ConditionalAccessConfig("id",
                Map.of("policy", policy, "namedLocations", "[]", "appPasswords", "yes"));
        assertFalse(wrong.appPasswordsAllowed());
        assertEquals(1, wrong.problems().size());
    }

    @Test
    void beforeTheUserIsKnownOnlyAPolicyForEveryoneIsDecided() {
        ConditionalAccessPolicy forEveryone = policy("{\"includeUsers\":[\"All\"]}", "[\"block\"]");
        ConditionalAccessPolicy withExclusion =
                policy("{\"includeUsers\":[\"All\"],\"excludeUsers\":[\"break-glass\"]}", "[\"block\"]");
        ConditionalAccessPolicy browserOnly = policy("{\"includeGroups\":[\"/staff\"]}", "[\"mfa\"]", "[\"browser\"]");

        ConditionalAccess.Evaluation decided = evaluate(forEveryone, null);
        assertTrue(decided.applied());
        assertEquals(ConditionalAccess.Result.BLOCK, decided.result());
        ConditionalAccess.Evaluation deferred = evaluate(withExclusion, null);
        assertTrue(deferred.dependsOnUser());
        assertFalse(deferred.applied());
        ConditionalAccess.Evaluation irrelevant = evaluate(browserOnly, null);
        assertFalse(irrelevant.dependsOnUser());
        assertEquals(ConditionalAccess.Condition.CLIENT_APP_TYPES, irrelevant.failedCondition());
    }

    @Test
    void afterThePasswordTheUserDecides() {
        ConditionalAccessPolicy withExclusion =
                policy("{\"includeUsers\":[\"All\"],\"excludeUsers\":[\"break-glass\"]}", "[\"block\"]");
        ConditionalAccess.User breakGlass = new ConditionalAccess.User("Break-Glass", List.of(),
                new ConditionalAccess.UserRoles(Set.of(), Set.of()));

        assertEquals(ConditionalAccess.Condition.USERS, evaluate(withExclusion, breakGlass).failedCondition());
    }

    @Test
    void signInFrequencyAsksForReauthenticationOnlyOnOldSsoSessions() {
        ConditionalAccessPolicy.SignInFrequency hours = new ConditionalAccessPolicy.SignInFrequency(true, false, 4,
                "hours");
        assertFalse(hours.requiresReauthentication(false, null, 1_000_000));
        assertFalse(hours.requiresReauthentication(true, "1000000", 1_000_000 + 4 * 3600));
        assertTrue(hours.requiresReauthentication(true, "1000000", 1_000_000 + 4 * 3600 + 1));
        assertTrue(hours.requiresReauthentication(true, null, 1_000_000));
        ConditionalAccessPolicy.SignInFrequency everyTime = new ConditionalAccessPolicy.SignInFrequency(true, true,
                null, null);
        assertTrue(everyTime.requiresReauthentication(true, "1000000", 1_000_000));
        assertFalse(everyTime.requiresReauthentication(false, "1000000", 1_000_000));
    }

    @Test
    void persistentBrowserNeverWins() {
        SessionControlsDecision decision = SessionControlsDecision.NONE
                .with(controls(true, "never"))
                .with(controls(true, "always"));
        assertEquals("never", decision.persistentBrowser());
        assertEquals("always", SessionControlsDecision.NONE.with(controls(true, "always")).persistentBrowser());
    }

    private static ConditionalAccessPolicy.SessionControls controls(boolean enabled, String mode) {
        return new ConditionalAccessPolicy.SessionControls(
                new ConditionalAccessPolicy.SignInFrequency(false, false, null, null),
                new ConditionalAccessPolicy.PersistentBrowser(enabled, mode));
    }

    private static ConditionalAccess.Evaluation evaluate(ConditionalAccessPolicy policy,
            ConditionalAccess.User user) {
        return ConditionalAccess.evaluate(policy, List.of(), new ConditionalAccess.SignIn(user, "mail",
                "198.51.100.7", ClientAppType.OTHER, Optional.empty()));
    }

    private static ConditionalAccessPolicy policy(String users, String controls) {
        return policy(users, controls, "[\"all\"]");
    }

    private static ConditionalAccessPolicy policy(String users, String controls, String clientAppTypes) {
        ConditionalAccessConfig config = config("{\"displayName\":\"P\",\"state\":\"enabled\",\"conditions\":"
                + "{\"users\":" + users + ",\"applications\":{\"includeApplications\":[\"All\"]},\"clientAppTypes\":"
                + clientAppTypes + "},\"grantControls\":{\"builtInControls\":" + controls + "}}");
        assertEquals(List.of(), config.problems());
        return config.policy().orElseThrow();
    }

    private static ConditionalAccessConfig config(String policy) {
        return new ConditionalAccessConfig("id", Map.of("policy", policy, "namedLocations", LOCATIONS));
    }

    @Test
    void theStrengthOfAPolicyIsItsAuthenticationStrength() {
        ConditionalAccessConfig config = config("{\"displayName\":\"Admins\",\"state\":\"enabled\",\"conditions\":"
                + "{\"users\":{\"includeUsers\":[\"All\"]},\"applications\":{\"includeApplications\":[\"All\"]}},"
                + "\"grantControls\":{\"authenticationStrength\":\"phishingResistantMfa\"}}");
        ConditionalAccess.Evaluation evaluation = evaluate(config.policy().orElseThrow(), null);
        assertEquals(MfaStrength.PHISHING_RESISTANT_MFA, evaluation.strength());
    }
}
