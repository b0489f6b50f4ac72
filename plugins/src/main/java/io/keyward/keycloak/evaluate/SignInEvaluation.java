package io.keyward.keycloak.evaluate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.keyward.keycloak.ca.ConditionalAccess;
import io.keyward.keycloak.ca.ConditionalAccessConfig;
import io.keyward.keycloak.ca.ConditionalAccessPolicy;
import io.keyward.keycloak.ca.DevicePlatform;
import io.keyward.keycloak.ca.SessionControlsDecision;
import io.keyward.keycloak.peruser.PerUserMfa;
import io.keyward.keycloak.remember.RememberMfa;
import io.keyward.keycloak.securitydefaults.SecurityDefaults;
import io.keyward.keycloak.signin.AuthenticationMethodsPolicy;
import io.keyward.keycloak.signin.ClientAppType;
import io.keyward.keycloak.signin.MfaNotes;
import io.keyward.keycloak.signin.MfaStrength;
import io.keyward.keycloak.signin.UserMethod;

/**
 * The whole rule set of SPEC §3 for one sign-in — security defaults, per-user MFA, every Conditional Access
 * policy, combined — from the same pieces the Keycloak steps run one by one (each step records into the
 * authentication-session notes exactly what this function accumulates). The entry point of the shared vectors
 * (test/vectors/sign-in.json), which the TypeScript what-if passes too.
 */
public final class SignInEvaluation {

    /** The realm's configuration as the compiler embeds it: one {@link ConditionalAccessConfig} per policy. */
    public record Settings(boolean securityDefaultsEnabled, List<String> privilegedRoles, Set<String> adminClients,
            AuthenticationMethodsPolicy authenticationMethods, List<ConditionalAccessConfig> policies) {
    }

    /** The user: direct group paths, effective roles, the raw per-user state attribute, registered methods. */
    public record User(String username, List<String> groups, ConditionalAccess.UserRoles roles,
            String perUserMfaState, List<String> methods) {
    }

    public record SignIn(User user, String clientId, String ip, ClientAppType clientAppType, String userAgent,
            boolean hasRememberMfaMark) {
    }

    /** In the shape of the vectors' {@code expected}. */
    public record Decision(String outcome, MfaStrength strength, List<String> requiredBy, String blockedBy,
            List<String> passwordChangeRequiredBy, List<ConditionalAccess.Evaluation> policies,
            Map<String, Boolean> satisfiedBy, SessionControlsDecision sessionControls) {
    }

    public static final String OUTCOME_NONE = "none";
    public static final String OUTCOME_MFA = "mfa";
    public static final String OUTCOME_BLOCK = "block";
    public static final String REMEMBER_MFA = "rememberMfa";

    private SignInEvaluation() {
    }

    public static Decision evaluate(Settings settings, SignIn signIn) {
        User user = signIn.user();
        Optional<DevicePlatform> platform = DevicePlatform.of(signIn.userAgent());
        ConditionalAccess.SignIn caSignIn = new ConditionalAccess.SignIn(
                new ConditionalAccess.User(user.username(), user.groups(), user.roles()),
                signIn.clientId(), signIn.ip(), signIn.clientAppType(), platform);

        List<ConditionalAccess.Evaluation> policies = new ArrayList<>();
        List<ConditionalAccessPolicy> definitions = new ArrayList<>();
        boolean configError = false;
        for (ConditionalAccessConfig config : settings.policies()) {
            Optional<ConditionalAccessPolicy> policy = config.policy();
            if (!config.problems().isEmpty() || policy.isEmpty()) {
                configError = true;
            } else if (policy.get().state() != ConditionalAccessPolicy.State.DISABLED) {
                definitions.add(policy.get());
                policies.add(ConditionalAccess.evaluate(policy.get(), config.namedLocations(), caSignIn));
            }
        }

        boolean privileged = settings.privilegedRoles().stream().anyMatch(role -> user.roles().has(role));
        SecurityDefaults.Decision defaults = SecurityDefaults.evaluate(new SecurityDefaults.SignIn(
                settings.securityDefaultsEnabled(), signIn.clientAppType(), signIn.clientId(), privileged, false),
                settings.adminClients());
        if (defaults.outcome() == SecurityDefaults.Outcome.BLOCK) {
            return blocked(defaults.blockedBy(), policies);
        }
        Optional<ConditionalAccess.Evaluation> block = policies.stream()
                .filter(policy -> policy.isEnforced() && policy.result() == ConditionalAccess.Result.BLOCK)
                .findFirst();
        if (block.isPresent()) {
            return blocked(MfaNotes.policySource(block.get().name()), policies);
        }

        String requiredBy = null;
        MfaStrength strength = null;
        for (String source : defaults.requiredBy()) {
            requiredBy = MfaNotes.withSource(requiredBy, source);
            strength = MfaStrength.stronger(strength, MfaStrength.MFA);
        }
        PerUserMfa.Decision perUser = PerUserMfa.evaluate(user.perUserMfaState(), !user.methods().isEmpty(),
                signIn.clientAppType());
        boolean evaluationError = configError || perUser.evaluationError();
        if (perUser.source() != null) {
            requiredBy = MfaNotes.withSource(requiredBy, perUser.source());
            strength = MfaStrength.stronger(strength, MfaStrength.MFA);
        }
        List<String> passwordChangeRequiredBy = new ArrayList<>();
        SessionControlsDecision sessionControls = SessionControlsDecision.NONE;
        for (int index = 0; index < policies.size(); index++) {
            ConditionalAccess.Evaluation policy = policies.get(index);
            if (!policy.isEnforced()) {
                continue;
            }
            evaluationError |= policy.evaluationError();
            if (policy.strength() != null) {
                requiredBy = MfaNotes.withSource(requiredBy, MfaNotes.policySource(policy.name()));
                strength = MfaStrength.stronger(strength, policy.strength());
            }
            if (policy.result().asksPasswordChange()) {
                passwordChangeRequiredBy.add(MfaNotes.policySource(policy.name()));
            }
            if (policy.applied()) {
                sessionControls = sessionControls.with(definitions.get(index).sessionControls());
            }
        }
        if (evaluationError) {
            requiredBy = MfaNotes.withSource(requiredBy, MfaNotes.SOURCE_EVALUATION_ERROR);
            strength = MfaStrength.stronger(strength, MfaStrength.MFA);
        }

        Map<String, Boolean> satisfiedBy = new LinkedHashMap<>();
        if (strength != null) {
            for (String method : user.methods()) {
                MfaStrength required = strength;
                satisfiedBy.put(method, UserMethod.parse(method)
                        .filter(known -> settings.authenticationMethods().allows(known, user.groups()))
                        .map(known -> known.meets(required))
                        .orElse(false));
            }
            if (signIn.hasRememberMfaMark()) {
                boolean defaultsRefuseMark = settings.securityDefaultsEnabled()
                        && (privileged || settings.adminClients().contains(signIn.clientId()));
                satisfiedBy.put(REMEMBER_MFA, RememberMfa.markCounts(strength, evaluationError, defaultsRefuseMark));
            }
        }
        return new Decision(strength == null ? OUTCOME_NONE : OUTCOME_MFA, strength, MfaNotes.sources(requiredBy),
                null, passwordChangeRequiredBy, policies, satisfiedBy, sessionControls);
    }

    private static Decision blocked(String blockedBy, List<ConditionalAccess.Evaluation> policies) {
        return new Decision(OUTCOME_BLOCK, null, List.of(), blockedBy, List.of(), policies, Map.of(),
                SessionControlsDecision.NONE);
    }
}
