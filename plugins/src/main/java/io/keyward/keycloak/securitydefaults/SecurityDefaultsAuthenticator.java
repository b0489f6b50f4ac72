package io.keyward.keycloak.securitydefaults;

import java.util.ArrayList;
import java.util.List;

import io.keyward.keycloak.signin.ClientAppType;
import io.keyward.keycloak.signin.DirectGrant;
import io.keyward.keycloak.signin.MfaNotes;
import io.keyward.keycloak.signin.MfaStrength;
import io.keyward.keycloak.signin.Refusals;
import io.keyward.keycloak.signin.RoleReference;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/**
 * Security defaults for one sign-in. Browser: records the MFA requirement in the session notes and always succeeds.
 * Direct grant: refuses before any username or password check, so it is neither a password nor a username oracle.
 */
public final class SecurityDefaultsAuthenticator implements Authenticator {

    static final SecurityDefaultsAuthenticator SINGLETON = new SecurityDefaultsAuthenticator();

    static final String BLOCKED_DESCRIPTION =
            "Legacy authentication (password grant) is blocked by security defaults in this realm.";
    static final String MFA_UNAVAILABLE_DESCRIPTION = DirectGrant.MFA_UNAVAILABLE;

    private static final Logger LOG = Logger.getLogger(SecurityDefaultsAuthenticator.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        ClientAppType requestType = ClientAppType.of(context.getHttpRequest());
        SecurityDefaultsConfig config = new SecurityDefaultsConfig(context.getAuthenticatorConfig());
        List<String> problems = new ArrayList<>(config.problems(requestType));
        boolean privileged = requestType == ClientAppType.BROWSER && isPrivileged(context, config, problems);
        String clientId = context.getAuthenticationSession().getClient().getClientId();
        problems.forEach(problem -> LOG.warnf("%s: %s; failing closed (MFA required)",
                SecurityDefaultsAuthenticatorFactory.PROVIDER_ID, problem));

        SecurityDefaults.Decision decision = SecurityDefaults.decide(problems,
                new SecurityDefaults.SignIn(true, requestType, clientId, privileged, false), config.adminClients());
        LOG.debugf("%s: %s sign-in to %s: %s", SecurityDefaultsAuthenticatorFactory.PROVIDER_ID,
                requestType.value(), clientId, decision);

        if (decision.outcome() == SecurityDefaults.Outcome.NONE) {
            context.success();
        } else if (decision.outcome() == SecurityDefaults.Outcome.MFA && requestType == ClientAppType.BROWSER) {
            decision.requiredBy().forEach(source ->
                    MfaNotes.recordRequirement(context.getAuthenticationSession(), source, MfaStrength.MFA));
            if (privileged || config.adminClients().contains(clientId)) {
                context.getAuthenticationSession().setAuthNote(MfaNotes.REMEMBER_MFA_REFUSED_BY,
                        MfaNotes.SOURCE_SECURITY_DEFAULTS);
            }
            context.success();
        } else {
            refuse(context, decision);
        }
    }

    /** Whether the user holds a privileged role; a role that cannot be resolved is a problem (fail closed). */
    private static boolean isPrivileged(AuthenticationFlowContext context, SecurityDefaultsConfig config,
            List<String> problems) {
        UserModel user = context.getUser();
        if (user == null) {
            problems.add("no user is known yet; place this step after the first factor");
            return false;
        }
        RealmModel realm = context.getRealm();
        boolean privileged = false;
        for (RoleReference reference : config.privilegedRoles()) {
            RoleModel role = reference.resolve(realm);
            if (role == null) {
                problems.add("privileged role " + reference + " does not exist in realm " + realm.getName());
            } else if (user.hasRole(role)) {
                privileged = true;
            }
        }
        return privileged;
    }

    /** Before the username is looked up: the same answer for every username and password. */
    private static void refuse(AuthenticationFlowContext context, SecurityDefaults.Decision decision) {
        decision.requiredBy().forEach(source -> MfaNotes.recordRequirement(context.getAuthenticationSession(), source,
                MfaStrength.MFA));
        Refusals.refuseDirectGrant(context, decision.blockedBy(),
                decision.outcome() == SecurityDefaults.Outcome.BLOCK ? BLOCKED_DESCRIPTION : MFA_UNAVAILABLE_DESCRIPTION);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
