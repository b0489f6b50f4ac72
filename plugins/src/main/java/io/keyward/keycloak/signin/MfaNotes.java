package io.keyward.keycloak.signin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The authentication-session notes through which the sources of an MFA requirement talk to the single MFA step
 * and to the sign-in event (docs/architecture.md, "Contract").
 */
public final class MfaNotes {

    public static final String REQUIRED_BY = "keyward.mfa.requiredBy";
    public static final String STRENGTH = "keyward.mfa.strength";
    public static final String METHOD = "keyward.mfa.method";

    public static final String SOURCE_SECURITY_DEFAULTS = "securityDefaults";
    public static final String SOURCE_EVALUATION_ERROR = "evaluationError";

    public static final String METHOD_REGISTRATION_OTP = "registration:otp";
    public static final String METHOD_REGISTRATION_WEBAUTHN = "registration:webauthn";

    private MfaNotes() {
    }

    /** The sources recorded in a {@link #REQUIRED_BY} note. */
    public static List<String> sources(String note) {
        if (note == null) {
            return List.of();
        }
        return Arrays.stream(note.split(",")).map(String::trim).filter(source -> !source.isEmpty()).toList();
    }

    /** The {@link #REQUIRED_BY} note with {@code source} added once. */
    public static String withSource(String note, String source) {
        List<String> sources = new ArrayList<>(sources(note));
        if (!sources.contains(source)) {
            sources.add(source);
        }
        return String.join(",", sources);
    }

    /** Records that {@code source} requires MFA of at least {@code strength} in this sign-in. */
    public static void recordRequirement(AuthenticationSessionModel authSession, String source, MfaStrength strength) {
        authSession.setAuthNote(REQUIRED_BY, withSource(authSession.getAuthNote(REQUIRED_BY), source));
        authSession.setAuthNote(STRENGTH, MfaStrength.strongest(authSession.getAuthNote(STRENGTH), strength).value());
    }
}
