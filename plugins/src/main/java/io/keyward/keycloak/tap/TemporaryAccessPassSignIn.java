package io.keyward.keycloak.tap;

import java.time.Instant;
import java.util.Optional;

/**
 * Decides a sign-in with a pass (SPEC §4). The order matters: who may use a pass at all first; then the lock-out;
 * then the code, so that only someone who knows it learns whether the pass is expired, not yet valid or used; then
 * the pass's state.
 */
public final class TemporaryAccessPassSignIn {

    public enum Outcome {
        /** The policy does not enable the TAP for this user. */
        NOT_ALLOWED("notAllowed"),
        /** The code is wrong, or the user has no pass: counts toward the brute-force lock-out. */
        INVALID("invalidCode"),
        /** Keycloak's brute-force protection locks the user out; checked before the code, told like a wrong code. */
        LOCKED_OUT("lockedOut"),
        NOT_YET_VALID("notYetValid"),
        EXPIRED("expired"),
        ALREADY_USED("oneTimeUsed"),
        ACCEPTED("accepted");

        private final String value;

        Outcome(String value) {
            this.value = value;
        }

        /** The value of the {@code keyward_tap_reason} event detail. */
        public String value() {
            return value;
        }
    }

    private TemporaryAccessPassSignIn() {
    }

    /**
     * The outcome for a user who is ({@code allowed}) or is not among the policy's targets, who is or is not
     * {@code lockedOut} by Keycloak's brute-force protection, whose {@code pass} (if any) the typed code does or does
     * not match. One-time consumption across the cluster is decided afterwards.
     */
    public static Outcome decide(boolean allowed, boolean lockedOut,
            Optional<TemporaryAccessPassCredentialModel.Data> pass, boolean codeMatches, Instant now) {
        if (!allowed) {
            return Outcome.NOT_ALLOWED;
        }
        if (lockedOut) {
            return Outcome.LOCKED_OUT;
        }
        if (pass.isEmpty() || !codeMatches) {
            return Outcome.INVALID;
        }
        return switch (TemporaryAccessPassUsability.of(pass.get(), true, now)) {
            case NOT_YET_VALID -> Outcome.NOT_YET_VALID;
            case EXPIRED -> Outcome.EXPIRED;
            case ONE_TIME_USED -> Outcome.ALREADY_USED;
            case USABLE, DISABLED_BY_POLICY -> Outcome.ACCEPTED;
        };
    }
}
