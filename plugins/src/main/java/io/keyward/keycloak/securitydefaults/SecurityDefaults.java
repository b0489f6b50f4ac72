package io.keyward.keycloak.securitydefaults;

import java.util.List;
import java.util.Set;

import io.keyward.keycloak.signin.ClientAppType;
import io.keyward.keycloak.signin.MfaNotes;

/** SPEC §3.1, security defaults, as a pure function of one sign-in. Shared vectors: test/vectors/security-defaults.json. */
public final class SecurityDefaults {

    public enum Outcome {
        NONE("none"),
        MFA("mfa"),
        BLOCK("block");

        private final String value;

        Outcome(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    /** What security defaults look at in a sign-in. */
    public record SignIn(boolean securityDefaultsEnabled, ClientAppType clientAppType, String clientId,
            boolean isPrivileged, boolean hasRememberMfaMark) {
    }

    /** The outcome, the sources that require MFA, and what blocked the sign-in (or null). */
    public record Decision(Outcome outcome, List<String> requiredBy, String blockedBy) {
    }

    private static final Decision NOTHING_REQUIRED = new Decision(Outcome.NONE, List.of(), null);
    private static final Decision MFA_REQUIRED =
            new Decision(Outcome.MFA, List.of(MfaNotes.SOURCE_SECURITY_DEFAULTS), null);
    private static final Decision BLOCKED =
            new Decision(Outcome.BLOCK, List.of(), MfaNotes.SOURCE_SECURITY_DEFAULTS);
    private static final Decision EVALUATION_ERROR =
            new Decision(Outcome.MFA, List.of(MfaNotes.SOURCE_EVALUATION_ERROR), null);

    private SecurityDefaults() {
    }

    /** Client ids compare case-sensitively, as Keycloak does. */
    public static Decision evaluate(SignIn signIn, Set<String> adminClients) {
        if (!signIn.securityDefaultsEnabled()) {
            return NOTHING_REQUIRED;
        }
        if (signIn.clientAppType() == ClientAppType.OTHER) {
            return BLOCKED;
        }
        boolean markMaySkipMfa = !signIn.isPrivileged() && !adminClients.contains(signIn.clientId());
        return markMaySkipMfa && signIn.hasRememberMfaMark() ? NOTHING_REQUIRED : MFA_REQUIRED;
    }

    /** Fail closed (SPEC §3.9): any problem with the configuration or the data means MFA required. */
    public static Decision decide(List<String> problems, SignIn signIn, Set<String> adminClients) {
        return problems.isEmpty() ? evaluate(signIn, adminClients) : EVALUATION_ERROR;
    }
}
