package io.keyward.keycloak.peruser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyward.keycloak.signin.ClientAppType;
import org.junit.jupiter.api.Test;
import org.keycloak.events.EventType;

class PerUserMfaTest {

    @Test
    void disabledAndAbsentAskNothing() {
        assertEquals(new PerUserMfa.Decision(null, false, false),
                PerUserMfa.evaluate(null, true, ClientAppType.BROWSER));
        assertEquals(new PerUserMfa.Decision(null, false, false),
                PerUserMfa.evaluate("disabled", false, ClientAppType.OTHER));
    }

    @Test
    void enabledWithoutMethodsAsksInTheBrowserOnly() {
        assertEquals("perUser:enabled", PerUserMfa.evaluate("enabled", false, ClientAppType.BROWSER).source());
        assertEquals(null, PerUserMfa.evaluate("enabled", false, ClientAppType.OTHER).source());
    }

    @Test
    void enabledWithAMethodMovesToEnforced() {
        PerUserMfa.Decision decision = PerUserMfa.evaluate("enabled", true, ClientAppType.OTHER);
        assertEquals("perUser:enforced", decision.source());
        assertTrue(decision.moveToEnforced());
    }

    @Test
    void enforcedAsksEverywhere() {
        assertEquals("perUser:enforced", PerUserMfa.evaluate("enforced", false, ClientAppType.OTHER).source());
        assertFalse(PerUserMfa.evaluate("enforced", true, ClientAppType.BROWSER).moveToEnforced());
    }

    @Test
    void anythingElseFailsClosed() {
        assertTrue(PerUserMfa.evaluate("Enforced", false, ClientAppType.BROWSER).evaluationError());
        assertTrue(PerUserMfa.evaluate("", false, ClientAppType.OTHER).evaluationError());
    }

    @Test
    void onlyTheRegistrationOfAnMfaMethodMovesTheState() {
        assertTrue(PerUserMfaEventListener.registersMfaMethod(EventType.UPDATE_CREDENTIAL, null, "otp"));
        assertTrue(PerUserMfaEventListener.registersMfaMethod(EventType.UPDATE_CREDENTIAL, null, "webauthn"));
        assertTrue(PerUserMfaEventListener.registersMfaMethod(EventType.UPDATE_CREDENTIAL, null,
                "webauthn-passwordless"));
        assertTrue(PerUserMfaEventListener.registersMfaMethod(EventType.UPDATE_CREDENTIAL, null,
                "recovery-authn-codes"));
        assertTrue(PerUserMfaEventListener.registersMfaMethod(EventType.UPDATE_CREDENTIAL, null,
                "keyward-email-otp"));
        assertFalse(PerUserMfaEventListener.registersMfaMethod(EventType.UPDATE_CREDENTIAL, null,
                "keyward-temporary-access-pass"));
        assertFalse(PerUserMfaEventListener.registersMfaMethod(EventType.UPDATE_CREDENTIAL, null, "password"));
        assertFalse(PerUserMfaEventListener.registersMfaMethod(EventType.UPDATE_CREDENTIAL_ERROR, "invalid", "otp"));
        assertFalse(PerUserMfaEventListener.registersMfaMethod(EventType.REMOVE_CREDENTIAL, null, "otp"));
        assertFalse(PerUserMfaEventListener.registersMfaMethod(EventType.UPDATE_TOTP, null, "otp"));
    }
}
