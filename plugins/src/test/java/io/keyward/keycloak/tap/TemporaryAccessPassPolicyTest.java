package io.keyward.keycloak.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.keyward.keycloak.signin.AuthenticationMethodsPolicy.Targets;
import org.junit.jupiter.api.Test;

class TemporaryAccessPassPolicyTest {

    private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");

    static String document(String tapState, String includeTargets, int min, int def, int max, int length,
            boolean once) {
        return """
                {"apiVersion":"keyward/v1","authenticationMethods":{
                  "softwareOath":{"state":"enabled","includeTargets":["all"],"excludeTargets":[]},
                  "fido2":{"state":"enabled","includeTargets":["group:/staff"],"excludeTargets":[]},
                  "temporaryAccessPass":{"state":"%s","includeTargets":%s,"excludeTargets":["group:/it/contractors"],
                    "minimumLifetimeInMinutes":%d,"defaultLifetimeInMinutes":%d,"maximumLifetimeInMinutes":%d,
                    "defaultLength":%d,"isUsableOnce":%s}}}
                """.formatted(tapState, includeTargets, min, def, max, length, once);
    }

    private static TemporaryAccessPassPolicy policy() {
        return TemporaryAccessPassPolicy.parse(document("enabled", "[\"group:/it\"]", 60, 120, 480, 10, true))
                .policy().orElseThrow();
    }

    @Test
    void readsTheDocumentStoredInTheRealm() {
        TemporaryAccessPassPolicy policy = policy();

        assertEquals(120, policy.defaultLifetimeInMinutes());
        assertEquals(60, policy.minimumLifetimeInMinutes());
        assertEquals(480, policy.maximumLifetimeInMinutes());
        assertEquals(10, policy.defaultLength());
        assertTrue(policy.isUsableOnce());
        assertTrue(policy.passkeys().appliesTo(Set.of("/staff")));
        assertFalse(policy.passkeys().appliesTo(Set.of("/it")));
        assertTrue(policy.authenticatorApps().appliesTo(Set.of()));
    }

    @Test
    void groupTargetsCoverSubGroupsAndExclusionWins() {
        Targets targets = policy().targets();

        assertTrue(targets.appliesTo(Set.of("/it")));
        assertTrue(targets.appliesTo(Set.of("/sales", "/it/onboarding")));
        assertFalse(targets.appliesTo(Set.of("/item")));
        assertFalse(targets.appliesTo(Set.of()));
        assertFalse(targets.appliesTo(Set.of("/it", "/it/contractors/new")));
    }

    @Test
    void noDocumentOrADisabledPassGivesNoPolicyWithoutComplaint() {
        assertEquals(Optional.empty(), TemporaryAccessPassPolicy.parse(null).policy());
        TemporaryAccessPassPolicy.Parsed disabled =
                TemporaryAccessPassPolicy.parse(document("disabled", "[\"all\"]", 60, 60, 480, 8, false));
        assertEquals(Optional.empty(), disabled.policy());
        assertEquals(List.of(), disabled.problems());
    }

    @Test
    void aBrokenDocumentFailsClosedWithProblems() {
        for (String broken : List.of("{not json", "{}", document("maybe", "[\"all\"]", 60, 60, 480, 8, false),
                document("enabled", "[\"all\"]", 5, 60, 480, 8, false),
                document("enabled", "[\"all\"]", 60, 60, 50_000, 8, false),
                document("enabled", "[\"all\"]", 60, 30, 480, 8, false),
                document("enabled", "[\"all\"]", 60, 60, 480, 7, false))) {
            TemporaryAccessPassPolicy.Parsed parsed = TemporaryAccessPassPolicy.parse(broken);
            assertEquals(Optional.empty(), parsed.policy(), broken);
            assertFalse(parsed.problems().isEmpty(), broken);
        }
    }

    @Test
    void issueTakesThePolicysDefaults() {
        TemporaryAccessPassIssue.Decision decision = TemporaryAccessPassIssue.decide(Optional.of(policy()), true,
                new TemporaryAccessPassIssue.Request(null, null, null, null), NOW);

        TemporaryAccessPassIssue.Pass pass = decision.pass().orElseThrow();
        assertEquals(NOW, pass.start());
        assertEquals(NOW.plus(Duration.ofMinutes(120)), pass.end());
        assertEquals(10, pass.length());
        assertTrue(pass.isUsableOnce());
    }

    @Test
    void issueHonoursARequestWithinThePolicy() {
        Instant start = NOW.plus(Duration.ofDays(1));
        TemporaryAccessPassIssue.Pass pass = TemporaryAccessPassIssue.decide(Optional.of(policy()), true,
                new TemporaryAccessPassIssue.Request(480, start, false, 48), NOW).pass().orElseThrow();

        assertEquals(start.plus(Duration.ofHours(8)), pass.end());
        assertEquals(48, pass.length());
        assertFalse(pass.isUsableOnce());
    }

    @Test
    void lifetimesOutsideThePolicyAreRefusedWithTheBounds() {
        for (int lifetime : new int[] {59, 481, 5, 43_201}) {
            TemporaryAccessPassIssue.Decision decision = TemporaryAccessPassIssue.decide(Optional.of(policy()), true,
                    new TemporaryAccessPassIssue.Request(lifetime, null, null, null), NOW);
            assertTrue(decision.pass().isEmpty());
            TemporaryAccessPassIssue.Problem problem = decision.problems().get(0);
            assertEquals(TemporaryAccessPassIssue.LIFETIME_OUT_OF_POLICY, problem.code());
            assertEquals("/lifetimeInMinutes", problem.target());
            assertTrue(problem.message().contains("between 60 and 480"), problem.message());
        }
    }

    @Test
    void lengthsOutsideEightToFortyEightAndPastStartsAreRefusedTogether() {
        TemporaryAccessPassIssue.Decision decision = TemporaryAccessPassIssue.decide(Optional.of(policy()), true,
                new TemporaryAccessPassIssue.Request(60, NOW.minus(Duration.ofHours(1)), null, 7), NOW);

        assertEquals(List.of("lengthOutOfPolicy", "startDateTimeInPast"),
                decision.problems().stream().map(TemporaryAccessPassIssue.Problem::code).toList());
        assertTrue(TemporaryAccessPassIssue.decide(Optional.of(policy()), true,
                new TemporaryAccessPassIssue.Request(60, null, null, 49), NOW).pass().isEmpty());
        assertTrue(TemporaryAccessPassIssue.decide(Optional.of(policy()), true,
                new TemporaryAccessPassIssue.Request(60, NOW.minus(Duration.ofMinutes(4)), null, 8), NOW)
                .pass().isPresent());
    }

    @Test
    void noPassForADisabledPolicyOrAUserOutsideTheTargets() {
        assertEquals(TemporaryAccessPassIssue.DISABLED, TemporaryAccessPassIssue.decide(Optional.empty(), true,
                new TemporaryAccessPassIssue.Request(null, null, null, null), NOW).problems().get(0).code());
        assertEquals(TemporaryAccessPassIssue.NOT_IN_TARGETS, TemporaryAccessPassIssue.decide(Optional.of(policy()),
                false, new TemporaryAccessPassIssue.Request(null, null, null, null), NOW).problems().get(0).code());
    }
}
