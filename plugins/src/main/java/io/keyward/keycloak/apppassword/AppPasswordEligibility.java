package io.keyward.keycloak.apppassword;

import java.util.Optional;

import io.keyward.keycloak.peruser.PerUserMfa;
import io.keyward.keycloak.signin.ClientAppType;

/**
 * SPEC §5 as a pure decision: whether a user may hold and use app passwords. The same rules apply at creation and at
 * every use, so an app password stops working as soon as its user no longer qualifies.
 */
public final class AppPasswordEligibility {

    /** Why a user may not have or use app passwords; the value is the REST error code and the event reason. */
    public enum Refusal {
        /** {@code mfaSettings.appPasswords.isAllowed} is false, or the document is missing or unreadable. */
        NOT_ALLOWED("appPasswordsNotAllowed"),
        /** The user's per-user MFA state is not {@code enforced} (SPEC §3.2, automatic move included). */
        NOT_ENFORCED("userNotEnforced"),
        /** The user holds one of {@code mfaSettings.privilegedRoles}. */
        PRIVILEGED("userPrivileged"),
        /** A privileged role does not exist in the realm, so nobody can be told apart (fail closed). */
        EVALUATION_ERROR("evaluationError");

        private final String value;

        Refusal(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    /**
     * The facts about one user. {@code privileged} is null when it could not be decided (a privileged role that does
     * not exist). {@code hasMfaMethod}: an {@code enabled} user with a method counts as {@code enforced}.
     */
    public record Facts(boolean allowedInRealm, String perUserMfaAttribute, boolean hasMfaMethod, Boolean privileged) {
    }

    private AppPasswordEligibility() {
    }

    /** Empty when the user may have and use app passwords; otherwise the first rule that refuses. */
    public static Optional<Refusal> decide(Facts facts) {
        if (!facts.allowedInRealm()) {
            return Optional.of(Refusal.NOT_ALLOWED);
        }
        PerUserMfa.Decision perUser = PerUserMfa.evaluate(facts.perUserMfaAttribute(), facts.hasMfaMethod(),
                ClientAppType.OTHER);
        if (perUser.evaluationError() || !PerUserMfa.SOURCE_ENFORCED.equals(perUser.source())) {
            return Optional.of(Refusal.NOT_ENFORCED);
        }
        if (facts.privileged() == null) {
            return Optional.of(Refusal.EVALUATION_ERROR);
        }
        if (facts.privileged()) {
            return Optional.of(Refusal.PRIVILEGED);
        }
        return Optional.empty();
    }
}
