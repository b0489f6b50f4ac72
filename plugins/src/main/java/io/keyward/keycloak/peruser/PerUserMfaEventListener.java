package io.keyward.keycloak.peruser;

import io.keyward.keycloak.apppassword.AppPasswordRevocation;
import io.keyward.keycloak.signin.UserMethod;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The realm event listener {@code keyward}. Moves a user from per-user {@code enabled} to {@code enforced} as soon as
 * they register an MFA method (SPEC §3.2), and revokes the user's app passwords when the password is reset (SPEC §5,
 * {@link AppPasswordRevocation}).
 * Keycloak 26.7 records every registration — TOTP, WebAuthn, passkey, recovery codes — as {@code UPDATE_CREDENTIAL}
 * with the detail {@code credential_type}, in the transaction that stores the credential, so the move commits with
 * it. Password changes ({@code credential_type=password}) are ignored.
 */
public final class PerUserMfaEventListener implements EventListenerProvider {

    private final KeycloakSession session;

    PerUserMfaEventListener(KeycloakSession session) {
        this.session = session;
    }

    /** Whether the event is the registration of an MFA method. */
    static boolean registersMfaMethod(EventType type, String error, String credentialType) {
        return type == EventType.UPDATE_CREDENTIAL && error == null
                && UserMethod.ofCredentialType(credentialType).isPresent();
    }

    @Override
    public void onEvent(Event event) {
        AppPasswordRevocation.onEvent(session, event);
        if (event.getUserId() == null || !registersMfaMethod(event.getType(), event.getError(),
                event.getDetails() == null ? null : event.getDetails().get(Details.CREDENTIAL_TYPE))) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        UserModel user = realm == null ? null : session.users().getUserById(realm, event.getUserId());
        if (user != null && PerUserMfa.State.ENABLED.value().equals(user.getFirstAttribute(PerUserMfa.ATTRIBUTE))) {
            PerUserMfaAuthenticator.moveToEnforced(user);
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        AppPasswordRevocation.onAdminEvent(session, event);
    }

    @Override
    public void close() {
    }
}
