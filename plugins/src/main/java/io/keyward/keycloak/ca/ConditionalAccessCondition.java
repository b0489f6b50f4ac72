package io.keyward.keycloak.ca;

import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * True when the policy applies to this sign-in, when it cannot be decided (the grant step records the evaluation
 * error), and on the direct grant before the username is known when only the users condition is left open.
 */
public final class ConditionalAccessCondition implements ConditionalAuthenticator {

    static final ConditionalAccessCondition SINGLETON = new ConditionalAccessCondition();

    private static final Logger LOG = Logger.getLogger(ConditionalAccessCondition.class);

    /** Whether the grant step has something to do with this evaluation. */
    static boolean grantHasWork(ConditionalAccess.Evaluation evaluation) {
        return evaluation.applied() || evaluation.evaluationError() || evaluation.dependsOnUser();
    }

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        ConditionalAccessConfig config = ConditionalAccessConfig.of(context.getAuthenticatorConfig());
        if (!config.problems().isEmpty() || config.policy().isEmpty()) {
            return true;
        }
        ConditionalAccessPolicy policy = config.policy().get();
        if (policy.state() == ConditionalAccessPolicy.State.DISABLED) {
            return false;
        }
        List<String> problems = new ArrayList<>();
        ConditionalAccess.SignIn signIn = SignInFacts.of(context, policy, problems);
        if (!problems.isEmpty()) {
            return true;
        }
        ConditionalAccess.Evaluation evaluation =
                ConditionalAccess.evaluate(policy, config.namedLocations(), signIn);
        LOG.debugf("%s: policy '%s': applied=%s failed=%s", ConditionalAccessConditionFactory.PROVIDER_ID,
                policy.displayName(), evaluation.applied(), evaluation.failedCondition());
        return grantHasWork(evaluation);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
