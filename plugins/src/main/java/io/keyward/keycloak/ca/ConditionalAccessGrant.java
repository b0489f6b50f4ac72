package io.keyward.keycloak.ca;

import java.util.ArrayList;
import java.util.List;

import io.keyward.keycloak.ca.ConditionalAccessPolicy.PersistentBrowser;
import io.keyward.keycloak.signin.ClientAppType;
import io.keyward.keycloak.signin.DirectGrant;
import io.keyward.keycloak.signin.MfaNotes;
import io.keyward.keycloak.signin.MfaStrength;
import io.keyward.keycloak.signin.Refusals;
import io.keyward.keycloak.signin.SignInNotes;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.authentication.Authenticator;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * What one Conditional Access policy asks of this sign-in (SPEC §3.3–3.4, §3.8). Records its MFA requirement and
 * password change for the MFA step and the required actions, refuses on block, applies the session controls.
 * Report-only: records the would-be result, nothing else. Any evaluation problem of an enabled policy fails closed
 * (source {@code evaluationError}). Direct grant: see docs/architecture.md, "Direct-grant flow".
 */
public final class ConditionalAccessGrant implements Authenticator {

    static final ConditionalAccessGrant SINGLETON = new ConditionalAccessGrant();

    static final String BLOCKED_MESSAGE = "keywardBlockedByPolicy";
    static final String PASSWORD_CHANGE_UNAVAILABLE_MESSAGE = "keywardPasswordChangeUnavailable";

    private static final Logger LOG = Logger.getLogger(ConditionalAccessGrant.class);
    private static final String ID = ConditionalAccessGrantFactory.PROVIDER_ID;
    private static final String UPDATE_PASSWORD = UserModel.RequiredAction.UPDATE_PASSWORD.name();

    /** What {@link #decide} did: the caller continues, or the sign-in was refused or restarted. */
    enum Outcome {
        CONTINUE,
        STOPPED
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        if (decide(context, ConditionalAccessConfig.of(context.getAuthenticatorConfig())) == Outcome.CONTINUE) {
            context.success();
        }
    }

    /** A refused sign-in shows its page again; nothing on it can be submitted. */
    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
    }

    /** Decides one policy for this sign-in; on {@link Outcome#STOPPED} the flow was refused or restarted. */
    static Outcome decide(AuthenticationFlowContext context, ConditionalAccessConfig config) {
        ClientAppType clientAppType = ClientAppType.of(context.getHttpRequest());
        List<String> problems = new ArrayList<>(config.problems());
        ConditionalAccessPolicy policy = config.policy().orElse(null);
        if (policy != null && policy.state() == ConditionalAccessPolicy.State.DISABLED) {
            return Outcome.CONTINUE;
        }
        if (clientAppType == ClientAppType.BROWSER && context.getUser() == null) {
            problems.add("no user is known yet; place this sub-flow after the first factor");
        }
        ConditionalAccess.SignIn signIn = policy == null ? null : SignInFacts.of(context, policy, problems);
        if (!problems.isEmpty()) {
            problems.forEach(problem -> LOG.warnf("%s: policy '%s': %s; failing closed", ID, config.policyName(),
                    problem));
            if (policy != null && policy.state() == ConditionalAccessPolicy.State.REPORT_ONLY) {
                return Outcome.CONTINUE;
            }
            return evaluationError(context, clientAppType);
        }

        ConditionalAccess.Evaluation evaluation = ConditionalAccess.evaluate(policy, config.namedLocations(), signIn);
        LOG.debugf("%s: policy '%s' (%s), %s sign-in to %s: applied=%s failed=%s result=%s", ID, policy.displayName(),
                policy.state().value(), clientAppType.value(), signIn.clientId(), evaluation.applied(),
                evaluation.failedCondition(), evaluation.result().value());
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (evaluation.dependsOnUser()) {
            return defer(context, config, policy, clientAppType);
        }
        if (!evaluation.isEnforced()) {
            if (evaluation.applied()) {
                LOG.infof("%s: report-only policy '%s' would have: %s", ID, policy.displayName(),
                        evaluation.result().value());
                SignInNotes.append(authSession, SignInNotes.CA_REPORT_ONLY,
                        SignInNotes.reportOnlyItem(policy.displayName(), evaluation.result().value()));
            }
            return Outcome.CONTINUE;
        }
        if (evaluation.evaluationError()) {
            LOG.warnf("%s: policy '%s': the client address '%s' cannot be read; failing closed", ID,
                    policy.displayName(), signIn.ip());
            return evaluationError(context, clientAppType);
        }
        if (!evaluation.applied()) {
            return Outcome.CONTINUE;
        }
        if (clientAppType == ClientAppType.OTHER && context.getUser() == null && config.appPasswordsAllowed()
                && evaluation.result() == ConditionalAccess.Result.MFA && evaluation.strength() == MfaStrength.MFA) {
            // An app password, checked after the username, would satisfy this policy: decide it then.
            return defer(context, config, policy, clientAppType);
        }
        SignInNotes.append(authSession, SignInNotes.CA_APPLIED, policy.displayName());
        return clientAppType == ClientAppType.BROWSER
                ? enforceInBrowser(context, policy, evaluation)
                : enforceOnDirectGrant(context, policy, evaluation);
    }

    private static Outcome enforceInBrowser(AuthenticationFlowContext context, ConditionalAccessPolicy policy,
            ConditionalAccess.Evaluation evaluation) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String source = MfaNotes.policySource(policy.displayName());
        if (evaluation.result() == ConditionalAccess.Result.BLOCK) {
            LOG.infof("%s: policy '%s' blocks the sign-in of %s", ID, policy.displayName(),
                    context.getUser().getUsername());
            Refusals.refuseBrowser(context, source, BLOCKED_MESSAGE, policy.displayName());
            return Outcome.STOPPED;
        }
        if (policy.sessionControls().signInFrequency().requiresReauthentication(
                AuthenticatorUtil.isSSOAuthentication(authSession), authSession.getAuthNote(SignInNotes.SSO_AUTH_TIME),
                Time.currentTime())) {
            LOG.infof("%s: policy '%s': the SSO session of %s is older than its sign-in frequency; "
                    + "re-authentication", ID, policy.displayName(), context.getUser().getUsername());
            context.resetFlow(() -> authSession.setAuthNote(SignInNotes.REAUTHENTICATE, policy.displayName()));
            return Outcome.STOPPED;
        }
        if (evaluation.strength() != null) {
            MfaNotes.recordRequirement(authSession, source, evaluation.strength());
        }
        if (evaluation.result().asksPasswordChange()) {
            SignInNotes.append(authSession, MfaNotes.PASSWORD_CHANGE_REQUIRED_BY, source);
            RequiredActionProviderModel updatePassword =
                    context.getRealm().getRequiredActionProviderByAlias(UPDATE_PASSWORD);
            if (updatePassword == null || !updatePassword.isEnabled()) {
                LOG.warnf("%s: policy '%s' requires a password change, but %s is not enabled in realm %s; "
                        + "failing closed", ID, policy.displayName(), UPDATE_PASSWORD, context.getRealm().getName());
                Refusals.refuseBrowser(context, null, PASSWORD_CHANGE_UNAVAILABLE_MESSAGE);
                return Outcome.STOPPED;
            }
            authSession.addRequiredAction(UPDATE_PASSWORD);
        }
        applyPersistentBrowser(context, policy.sessionControls().persistentBrowser());
        return Outcome.CONTINUE;
    }

    private static Outcome enforceOnDirectGrant(AuthenticationFlowContext context, ConditionalAccessPolicy policy,
            ConditionalAccess.Evaluation evaluation) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String name = policy.displayName();
        String source = MfaNotes.policySource(name);
        if (evaluation.result() == ConditionalAccess.Result.BLOCK) {
            DirectGrant.refuse(context, source, "Sign-in blocked by Conditional Access policy '" + name + "'.");
            return Outcome.STOPPED;
        }
        if (evaluation.strength() != null) {
            MfaNotes.recordRequirement(authSession, source, evaluation.strength());
        }
        if (evaluation.result().asksPasswordChange()) {
            SignInNotes.append(authSession, MfaNotes.PASSWORD_CHANGE_REQUIRED_BY, source);
            DirectGrant.refuse(context, null, "Conditional Access policy '" + name
                    + "' requires a password change; the password grant cannot provide it.");
            return Outcome.STOPPED;
        }
        if (evaluation.strength() != null && !DirectGrant.appPasswordSatisfies(authSession, evaluation.strength())) {
            DirectGrant.refuse(context, null, "Conditional Access policy '" + name
                    + "' requires multi-factor authentication; the password grant cannot provide it.");
            return Outcome.STOPPED;
        }
        return Outcome.CONTINUE;
    }

    /** Direct grant: leaves the policy to {@code keyward-ca-deferred}, which decides it once the user is known. */
    private static Outcome defer(AuthenticationFlowContext context, ConditionalAccessConfig config,
            ConditionalAccessPolicy policy, ClientAppType clientAppType) {
        if (config.configId() == null) {
            LOG.warnf("%s: policy '%s' cannot be deferred without a config id; failing closed", ID,
                    policy.displayName());
            return evaluationError(context, clientAppType);
        }
        SignInNotes.append(context.getAuthenticationSession(), SignInNotes.CA_DEFERRED, config.configId());
        return Outcome.CONTINUE;
    }

    /** Fail closed: MFA in the browser; on the direct grant, which cannot do MFA, a refusal. */
    private static Outcome evaluationError(AuthenticationFlowContext context, ClientAppType clientAppType) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        MfaNotes.recordRequirement(authSession, MfaNotes.SOURCE_EVALUATION_ERROR, MfaStrength.MFA);
        if (clientAppType == ClientAppType.BROWSER
                || DirectGrant.appPasswordSatisfies(authSession, MfaStrength.MFA)) {
            return Outcome.CONTINUE;
        }
        DirectGrant.refuse(context, null, DirectGrant.MFA_UNAVAILABLE);
        return Outcome.STOPPED;
    }

    /** {@code never} wins over {@code always}: Keycloak's remember-me decides whether the SSO cookie persists. */
    private static void applyPersistentBrowser(AuthenticationFlowContext context, PersistentBrowser control) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (!control.isEnabled() || control.mode() == null) {
            return;
        }
        if (SessionControlsDecision.NEVER.equals(control.mode())) {
            authSession.setAuthNote(SignInNotes.PERSISTENT_BROWSER, SessionControlsDecision.NEVER);
            authSession.removeAuthNote(Details.REMEMBER_ME);
            context.getEvent().detail(Details.REMEMBER_ME, "false");
        } else if (!SessionControlsDecision.NEVER.equals(authSession.getAuthNote(SignInNotes.PERSISTENT_BROWSER))) {
            authSession.setAuthNote(SignInNotes.PERSISTENT_BROWSER, SessionControlsDecision.ALWAYS);
            authSession.setAuthNote(Details.REMEMBER_ME, "true");
            context.getEvent().detail(Details.REMEMBER_ME, "true");
        }
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
