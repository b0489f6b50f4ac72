package io.keyward.keycloak.apppassword;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

class AppPasswordRevocationTest {

    @Test
    void aNewPasswordOfTheUserRevokes() {
        assertTrue(AppPasswordRevocation.changesPassword(EventType.UPDATE_CREDENTIAL, null, "password"));
        assertTrue(AppPasswordRevocation.changesPassword(EventType.UPDATE_PASSWORD, null, null));
    }

    @Test
    void otherCredentialsAndFailedChangesDoNot() {
        assertFalse(AppPasswordRevocation.changesPassword(EventType.UPDATE_CREDENTIAL, null, "otp"));
        assertFalse(AppPasswordRevocation.changesPassword(EventType.UPDATE_CREDENTIAL, null, "keyward-app-password"));
        assertFalse(AppPasswordRevocation.changesPassword(EventType.UPDATE_CREDENTIAL, "password_rejected", "password"));
        assertFalse(AppPasswordRevocation.changesPassword(EventType.UPDATE_PASSWORD_ERROR, null, "password"));
        assertFalse(AppPasswordRevocation.changesPassword(EventType.LOGIN, null, "password"));
    }

    @Test
    void anAdminsResetPasswordRevokesTheUsers() {
        assertEquals("abc-123", AppPasswordRevocation.resetUserId(ResourceType.USER, OperationType.ACTION, null,
                "users/abc-123/reset-password"));
        assertNull(AppPasswordRevocation.resetUserId(ResourceType.USER, OperationType.ACTION, null,
                "users/abc-123/reset-password-email"));
        assertNull(AppPasswordRevocation.resetUserId(ResourceType.USER, OperationType.UPDATE, null,
                "users/abc-123"));
        assertNull(AppPasswordRevocation.resetUserId(ResourceType.USER, OperationType.ACTION, "error",
                "users/abc-123/reset-password"));
        assertNull(AppPasswordRevocation.resetUserId(ResourceType.CLIENT, OperationType.ACTION, null,
                "users/abc-123/reset-password"));
    }
}
