package io.keyward.keycloak.signin;

import java.util.Optional;

import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;

/** A configured role: {@code role} for a realm role, {@code client/role} for a client role (split at the last slash). */
public record RoleReference(String clientId, String roleName) {

    public static Optional<RoleReference> parse(String entry) {
        int slash = entry.lastIndexOf('/');
        if (slash < 0) {
            return Optional.of(new RoleReference(null, entry));
        }
        if (slash == 0 || slash == entry.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new RoleReference(entry.substring(0, slash), entry.substring(slash + 1)));
    }

    /** The role in {@code realm}, or null when the role or its client does not exist. */
    public RoleModel resolve(RealmModel realm) {
        if (clientId == null) {
            return realm.getRole(roleName);
        }
        ClientModel client = realm.getClientByClientId(clientId);
        return client == null ? null : client.getRole(roleName);
    }

    @Override
    public String toString() {
        return clientId == null ? roleName : clientId + "/" + roleName;
    }
}
