package io.keyward.keycloak.peruser;

import java.util.Arrays;
import java.util.Optional;

import io.keyward.keycloak.signin.ClientAppType;

/** SPEC §3.2, per-user MFA, as a pure function of the user's state attribute and registered methods. */
public final class PerUserMfa {

    /** The user attribute holding the state; absent means {@code disabled}. Admin-only in the user profile. */
    public static final String ATTRIBUTE = "keyward.perUserMfaState";

    public static final String SOURCE_ENABLED = "perUser:enabled";
    public static final String SOURCE_ENFORCED = "perUser:enforced";

    public enum State {
        DISABLED("disabled"),
        ENABLED("enabled"),
        ENFORCED("enforced");

        private final String value;

        State(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        /** The state of an attribute value: absent is {@code disabled}; anything else unknown is empty. */
        public static Optional<State> ofAttribute(String value) {
            if (value == null) {
                return Optional.of(DISABLED);
            }
            return Arrays.stream(values()).filter(state -> state.value.equals(value)).findFirst();
        }
    }

    /**
     * {@code source}: the requirement to record, or null. {@code evaluationError}: the attribute is not a state (fail
     * closed). {@code moveToEnforced}: the user is {@code enabled} and has registered a method, so the state moves on.
     */
    public record Decision(String source, boolean evaluationError, boolean moveToEnforced) {
    }

    private PerUserMfa() {
    }

    public static Decision evaluate(String attribute, boolean hasMethods, ClientAppType clientAppType) {
        Optional<State> state = State.ofAttribute(attribute);
        if (state.isEmpty()) {
            return new Decision(null, true, false);
        }
        return switch (state.get()) {
            case DISABLED -> new Decision(null, false, false);
            case ENFORCED -> new Decision(SOURCE_ENFORCED, false, false);
            case ENABLED -> hasMethods
                    ? new Decision(SOURCE_ENFORCED, false, true)
                    : new Decision(clientAppType == ClientAppType.BROWSER ? SOURCE_ENABLED : null, false, false);
        };
    }
}
