package io.keyward.keycloak.ca;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

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
 */
final class SignInFacts {

    private SignInFacts() {
    }

    static ConditionalAccess.SignIn of(AuthenticationFlowContext context, ConditionalAccessPolicy policy,
            List<String> problems) {
        UserModel user = context.getUser();
        String clientId = context.getAuthenticationSession().getClient().getClientId();
        String userAgent = context.getHttpRequest().getHttpHeaders().getHeaderString(HttpHeaders.USER_AGENT);
        return new ConditionalAccess.SignIn(
                user == null ? null : user(context.getSession(), context.getRealm(), user, policy, problems),
                clientId,
                context.getConnection().getRemoteAddr(),
                ClientAppType.of(context.getHttpRequest()),
                DevicePlatform.of(userAgent));
    }

    private static ConditionalAccess.User user(KeycloakSession session, RealmModel realm, UserModel user,
            ConditionalAccessPolicy policy, List<String> problems) {
        ConditionalAccessPolicy.Users users = policy.users();
        Stream.concat(users.includeGroups().stream(), users.excludeGroups().stream())
                .filter(path -> KeycloakModelUtils.findGroupByPath(session, realm, path) == null)
                .forEach(path -> problems.add("group " + path + " does not exist in realm " + realm.getName()));
        List<String> groups = user.getGroupsStream().map(ModelToRepresentation::buildGroupPath).toList();

        Set<String> realmRoles = new HashSet<>();
        Set<String> clientRoles = new HashSet<>();
        List<String> references = new ArrayList<>(users.includeRoles());
        references.addAll(users.excludeRoles());
        for (String reference : references) {
            RoleModel role = RoleReference.parse(reference).map(parsed -> parsed.resolve(realm)).orElse(null);
            if (role == null) {
                problems.add("role " + reference + " does not exist in realm " + realm.getName());
            } else if (user.hasRole(role)) {
                (reference.contains("/") ? clientRoles : realmRoles).add(reference);
            }
        }
        return new ConditionalAccess.User(user.getUsername(), groups,
                new ConditionalAccess.UserRoles(realmRoles, clientRoles));
    }
}
