package io.keyward.keycloak.tap;

import java.time.Instant;

/** Whether a stored pass can be used now, and why not; the values are Graph's {@code methodUsabilityReason}. */
public enum TemporaryAccessPassUsability {
    USABLE("EnabledByPolicy"),
    DISABLED_BY_POLICY("DisabledByPolicy"),
    NOT_YET_VALID("NotYetValid"),
    EXPIRED("Expired"),
    ONE_TIME_USED("OneTimeUsed");

    private final String reason;

    TemporaryAccessPassUsability(String reason) {
        this.reason = reason;
    }

    /** Graph's {@code methodUsabilityReason}. */
    public String reason() {
        return reason;
    }

    /**
     * The state of {@code pass} at {@code now}. A consumed one-time pass says so even after it expired; a pass that is
     * fine in itself is unusable when the policy no longer allows the user a TAP.
     */
    public static TemporaryAccessPassUsability of(TemporaryAccessPassCredentialModel.Data pass, boolean allowedByPolicy,
            Instant now) {
        if (pass.isUsableOnce() && pass.used()) {
            return ONE_TIME_USED;
        }
        if (!now.isBefore(pass.end())) {
            return EXPIRED;
        }
        if (now.isBefore(pass.start())) {
            return NOT_YET_VALID;
        }
        return allowedByPolicy ? USABLE : DISABLED_BY_POLICY;
    }
}
