package io.keyward.keycloak.ca;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.keyward.keycloak.signin.ClientAppType;
import io.keyward.keycloak.signin.RoleReference;
import jakarta.ws.rs.core.HttpHeaders;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.ModelToRepresentation;

/**
 * Unpacks a Keycloak sign-in into the pure {@link ConditionalAccess.SignIn} for one policy: only the roles the
 * policy names are resolved (through composites and groups, {@link UserModel#hasRole}). A role or group the policy
 * names that does not exist in the realm is a problem: the policy cannot be decided (fail closed).
 *
 * <p>Every policy of a realm is a sub-flow of its own, so one request meets the same sign-in up to twice per policy
 * (condition and grant), and Keycloak walks the policies again on each later request of the sign-in. What the
 * policies ask of Keycloak — the user's group paths, whether a named group or role exists, whether the user holds
 * a role, the client, address, app type and platform — is therefore read once per request and user and kept in
 * the request's {@link KeycloakSession} (which lives for one HTTP request and one thread). A new request reads
 * everything afresh, so a change made between two requests of a sign-in is seen.
 */
final class SignInFacts {

    private static final String ATTRIBUTE = SignInFacts.class.getName();

    private SignInFacts() {
    }

    /** What this request has read about its sign-in, for one realm, client and user (null before the username). */
    private static final class Known {

        private final String realmId;
        private final String clientId;
        private final String userId;
        private final String ip;
        private final ClientAppType clientAppType;
        private final Optional<DevicePlatform> platform;
        private List<String> groups;
        private final Map<String, Boolean> groupExists = new HashMap<>();
        /** Role references read so far: whether each exists, and the ones the user holds. */
        private final Map<String, Boolean> roleExists = new HashMap<>();
        private final Set<String> realmRoles = new HashSet<>();
        private final Set<String> clientRoles = new HashSet<>();
        private final ConditionalAccess.UserRoles roles = new ConditionalAccess.UserRoles(realmRoles, clientRoles);

        private Known(AuthenticationFlowContext context, String userId) {
            this.realmId = context.getRealm().getId();
            this.clientId = context.getAuthenticationSession().getClient().getClientId();
            this.userId = userId;
            this.ip = context.getConnection().getRemoteAddr();
            this.clientAppType = ClientAppType.of(context.getHttpRequest());
            this.platform = DevicePlatform.of(
                    context.getHttpRequest().getHttpHeaders().getHeaderString(HttpHeaders.USER_AGENT));
        }

        private boolean isFor(RealmModel realm, String currentClientId, String currentUserId) {
            return realmId.equals(realm.getId()) && clientId.equals(currentClientId)
                    && Objects.equals(userId, currentUserId);
        }
    }

    static ConditionalAccess.SignIn of(AuthenticationFlowContext context, ConditionalAccessPolicy policy,
            List<String> problems) {
        UserModel user = context.getUser();
        Known known = known(context, user);
        return new ConditionalAccess.SignIn(
                user == null ? null : user(context.getSession(), context.getRealm(), user, known, policy, problems),
                known.clientId,
                known.ip,
                known.clientAppType,
                known.platform);
    }

    private static Known known(AuthenticationFlowContext context, UserModel user) {
        KeycloakSession session = context.getSession();
        String userId = user == null ? null : user.getId();
        String clientId = context.getAuthenticationSession().getClient().getClientId();
        Object stored = session.getAttribute(ATTRIBUTE);
        if (stored instanceof Known known && known.isFor(context.getRealm(), clientId, userId)) {
            return known;
        }
        Known known = new Known(context, userId);
        session.setAttribute(ATTRIBUTE, known);
        return known;
    }

    private static ConditionalAccess.User user(KeycloakSession session, RealmModel realm, UserModel user,
            Known known, ConditionalAccessPolicy policy, List<String> problems) {
        ConditionalAccessPolicy.Users users = policy.users();
        for (List<String> paths : List.of(users.includeGroups(), users.excludeGroups())) {
            for (String path : paths) {
                boolean exists = known.groupExists.computeIfAbsent(path,
                        key -> KeycloakModelUtils.findGroupByPath(session, realm, key) != null);
                if (!exists) {
                    problems.add("group " + path + " does not exist in realm " + realm.getName());
                }
            }
        }
        if (known.groups == null) {
            known.groups = user.getGroupsStream().map(ModelToRepresentation::buildGroupPath).toList();
        }
        for (List<String> references : List.of(users.includeRoles(), users.excludeRoles())) {
            for (String reference : references) {
                if (!known.roleExists.computeIfAbsent(reference, key -> readRole(realm, user, key, known))) {
                    problems.add("role " + reference + " does not exist in realm " + realm.getName());
                }
            }
        }
        return new ConditionalAccess.User(user.getUsername(), known.groups, known.roles);
    }

    /** Whether the role exists; when the user holds it, it joins their roles. */
    private static boolean readRole(RealmModel realm, UserModel user, String reference, Known known) {
        RoleModel role = RoleReference.parse(reference).map(parsed -> parsed.resolve(realm)).orElse(null);
        if (role == null) {
            return false;
        }
        if (user.hasRole(role)) {
            (reference.contains("/") ? known.clientRoles : known.realmRoles).add(reference);
        }
        return true;
    }
}
