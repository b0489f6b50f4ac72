package io.keyward.keycloak.signin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.events.EventBuilder;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/** The Keyward details of a sign-in event ({@code LOGIN} / {@code LOGIN_ERROR}), in Keycloak's snake_case. */
public final class SignInDetails {

    public static final String CLIENT_APP_TYPE = "keyward_client_app_type";
    public static final String MFA_REQUIRED_BY = "keyward_mfa_required_by";
    public static final String STRENGTH = "keyward_strength";
    public static final String METHOD = "keyward_method";
    public static final String BLOCKED_BY = "keyward_blocked_by";

    static final String NONE = "none";
    static final String METHOD_OTP = "otp";
    static final String METHOD_WEBAUTHN = "webauthn";

    private SignInDetails() {
    }

    /**
     * The details for one sign-in. {@code methodNote} (set by Keyward's own authenticators) wins; otherwise the method
     * is the last second factor Keycloak recorded in {@code authnCredentials} (its {@code authn.credentials} note).
     */
    public static Map<String, String> of(ClientAppType clientAppType, String requiredByNote, String strengthNote,
            String methodNote, List<String> authnCredentials) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put(CLIENT_APP_TYPE, clientAppType.value());
        List<String> sources = MfaNotes.sources(requiredByNote);
        details.put(MFA_REQUIRED_BY, sources.isEmpty() ? NONE : String.join(",", sources));
        if (!isBlank(strengthNote)) {
            details.put(STRENGTH, strengthNote);
        }
        String method = isBlank(methodNote) ? secondFactor(authnCredentials) : methodNote;
        if (method != null) {
            details.put(METHOD, method);
        }
        return details;
    }

    /** Adds the details of the sign-in held by {@code authSession} to {@code event}. */
    public static void addTo(EventBuilder event, AuthenticationSessionModel authSession, HttpRequest request) {
        of(ClientAppType.of(request),
                authSession.getAuthNote(MfaNotes.REQUIRED_BY),
                authSession.getAuthNote(MfaNotes.STRENGTH),
                authSession.getAuthNote(MfaNotes.METHOD),
                AuthenticatorUtil.getAuthnCredentials(authSession))
                .forEach(event::detail);
    }

    private static String secondFactor(List<String> authnCredentials) {
        String method = null;
        for (String credentialType : authnCredentials) {
            if (OTPCredentialModel.TYPE.equals(credentialType)) {
                method = METHOD_OTP;
            } else if (WebAuthnCredentialModel.TYPE_TWOFACTOR.equals(credentialType)
                    || WebAuthnCredentialModel.TYPE_PASSWORDLESS.equals(credentialType)) {
                method = METHOD_WEBAUTHN;
            }
        }
        return method;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
