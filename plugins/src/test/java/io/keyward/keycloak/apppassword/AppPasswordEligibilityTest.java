package io.keyward.keycloak.apppassword;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import io.keyward.keycloak.apppassword.AppPasswordEligibility.Facts;
import io.keyward.keycloak.apppassword.AppPasswordEligibility.Refusal;
import org.junit.jupiter.api.Test;

class AppPasswordEligibilityTest {

    private static Optional<Refusal> decide(boolean allowed, String state, boolean hasMethod, Boolean privileged) {
        return AppPasswordEligibility.decide(new Facts(allowed, state, hasMethod, privileged));
    }

    @Test
    void anEnforcedUnprivilegedUserInARealmThatAllowsThemQualifies() {
        assertEquals(Optional.empty(), decide(true, "enforced", true, false));
        assertEquals(Optional.empty(), decide(true, "enforced", false, false));
        // enabled with a registered method is enforced (the automatic move, SPEC §3.2).
        assertEquals(Optional.empty(), decide(true, "enabled", true, false));
    }

    @Test
    void theRealmDecidesFirst() {
        assertEquals(Optional.of(Refusal.NOT_ALLOWED), decide(false, "enforced", true, false));
    }

    @Test
    void onlyEnforcedUsersQualify() {
        assertEquals(Optional.of(Refusal.NOT_ENFORCED), decide(true, null, true, false));
        assertEquals(Optional.of(Refusal.NOT_ENFORCED), decide(true, "enabled", false, false));
        assertEquals(Optional.of(Refusal.NOT_ENFORCED), decide(true, "garbage", true, false));
    }

    @Test
    void privilegedUsersNeverQualifyAndAnUnknownPrivilegeFailsClosed() {
        assertEquals(Optional.of(Refusal.PRIVILEGED), decide(true, "enforced", true, true));
        assertEquals(Optional.of(Refusal.EVALUATION_ERROR), decide(true, "enforced", true, null));
    }
}
