package io.keyward.keycloak.ca;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.keyward.keycloak.signin.DirectGrant;
import io.keyward.keycloak.signin.MfaNotes;
import io.keyward.keycloak.signin.MfaStrength;
import io.keyward.keycloak.signin.SignInNotes;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Direct grant, after the password: decides the policies {@code keyward-ca-grant} deferred because they depend on
 * who the user is. A blocking policy wins over MFA ones, so the event names the block as SPEC §3.4 says.
 */
public final class ConditionalAccessDeferred implements Authenticator {

    static final ConditionalAccessDeferred SINGLETON = new ConditionalAccessDeferred();

    private static final Logger LOG = Logger.getLogger(ConditionalAccessDeferred.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        List<ConditionalAccessConfig> configs = new ArrayList<>();
        for (String id : SignInNotes.read(context.getAuthenticationSession(), SignInNotes.CA_DEFERRED)) {
            AuthenticatorConfigModel model = context.getRealm().getAuthenticatorConfigById(id);
            if (model == null) {
                LOG.warnf("%s: deferred policy config %s no longer exists; failing closed",
                        ConditionalAccessDeferredFactory.PROVIDER_ID, id);
                MfaNotes.recordRequirement(context.getAuthenticationSession(), MfaNotes.SOURCE_EVALUATION_ERROR,
                        MfaStrength.MFA);
                DirectGrant.refuse(context, null, DirectGrant.MFA_UNAVAILABLE);
                return;
            }
            configs.add(ConditionalAccessConfig.of(model));
        }
        Optional<ConditionalAccessConfig> block = configs.stream().filter(config -> blocks(context, config)).findFirst();
        if (block.isPresent()) {
            ConditionalAccessGrant.decide(context, block.get());
            return;
        }
        for (ConditionalAccessConfig config : configs) {
            if (ConditionalAccessGrant.decide(context, config) == ConditionalAccessGrant.Outcome.STOPPED) {
                return;
            }
        }
        context.success();
    }

    private static boolean blocks(AuthenticationFlowContext context, ConditionalAccessConfig config) {
        if (!config.problems().isEmpty() || config.policy().isEmpty()) {
            return false;
        }
        ConditionalAccessPolicy policy = config.policy().get();
        List<String> problems = new ArrayList<>();
        ConditionalAccess.SignIn signIn = SignInFacts.of(context, policy, problems);
        ConditionalAccess.Evaluation evaluation = ConditionalAccess.evaluate(policy, config.namedLocations(), signIn);
        return problems.isEmpty() && evaluation.isEnforced() && evaluation.applied()
                && evaluation.result() == ConditionalAccess.Result.BLOCK;
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
    }

    @Override
    public boolean requiresUser() {
        return true;
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
