package io.keyward.keycloak.apppassword;

import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;

/**
 * SPEC §5: a password reset revokes every app password of the user. Keycloak 26.7 delivers, to the realm's event
 * listeners and in the transaction that stores the new password:
 * <ul>
 * <li>a user's own change — the {@code UPDATE_PASSWORD} required action, which is also how the reset-credentials
 * ("forgot password") flow and the account console set it — as {@code UPDATE_CREDENTIAL} with
 * {@code credential_type=password} (and a deprecated {@code UPDATE_PASSWORD} twin, which revokes nothing more);</li>
 * <li>an admin's {@code PUT /admin/realms/{realm}/users/{id}/reset-password} as an admin event (resource
 * {@code USER}, operation {@code ACTION}, path {@code users/{id}/reset-password}), also when the realm does not store
 * admin events.</li>
 * </ul>
 */
public final class AppPasswordRevocation {

    static final String USER_PASSWORD_CHANGE = "passwordChanged";
    static final String ADMIN_PASSWORD_RESET = "passwordResetByAdmin";

    private AppPasswordRevocation() {
    }

    /** Whether a user event records a new password. */
    static boolean changesPassword(EventType type, String error, String credentialType) {
        return error == null && (type == EventType.UPDATE_PASSWORD
                || type == EventType.UPDATE_CREDENTIAL && PasswordCredentialModel.TYPE.equals(credentialType));
    }

    /** The user id of an admin password reset, or null for any other admin event. */
    static String resetUserId(ResourceType resource, OperationType operation, String error, String path) {
        if (resource != ResourceType.USER || operation != OperationType.ACTION || error != null || path == null) {
            return null;
        }
        String[] segments = path.split("/");
        return segments.length == 3 && segments[0].equals("users") && segments[2].equals("reset-password")
                ? segments[1] : null;
    }

    public static void onEvent(KeycloakSession session, Event event) {
        if (event.getUserId() != null && changesPassword(event.getType(), event.getError(),
                event.getDetails() == null ? null : event.getDetails().get(Details.CREDENTIAL_TYPE))) {
            revoke(session, event.getRealmId(), event.getUserId(), USER_PASSWORD_CHANGE);
        }
    }

    public static void onAdminEvent(KeycloakSession session, AdminEvent event) {
        String userId = resetUserId(event.getResourceType(), event.getOperationType(), event.getError(),
                event.getResourcePath());
        if (userId != null) {
            revoke(session, event.getRealmId(), userId, ADMIN_PASSWORD_RESET);
        }
    }

    private static void revoke(KeycloakSession session, String realmId, String userId, String reason) {
        RealmModel realm = session.realms().getRealm(realmId);
        UserModel user = realm == null ? null : session.users().getUserById(realm, userId);
        if (user != null) {
            AppPasswords.revokeAll(session, realm, user, reason);
        }
    }
}
