package io.keyward.keycloak.signin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.events.EventBuilder;
import org.keycloak.http.HttpRequest;
import org.keycloak.sessions.AuthenticationSessionModel;

/** The Keyward details of a sign-in event ({@code LOGIN} / {@code LOGIN_ERROR}), in Keycloak's snake_case. */
public final class SignInDetails {

    public static final String CLIENT_APP_TYPE = "keyward_client_app_type";
    public static final String MFA_REQUIRED_BY = "keyward_mfa_required_by";
    public static final String STRENGTH = "keyward_strength";
    public static final String METHOD = "keyward_method";
    public static final String BLOCKED_BY = "keyward_blocked_by";
    public static final String POLICIES_APPLIED = "keyward_policies_applied";
    public static final String REPORT_ONLY = "keyward_report_only";
    public static final String PASSWORD_CHANGE_REQUIRED_BY = "keyward_password_change_required_by";

    static final String NONE = "none";
    static final String METHOD_OTP = "otp";
    static final String METHOD_WEBAUTHN = "webauthn";
    static final String METHOD_RECOVERY_CODES = "recovery-codes";
    static final String METHOD_SSO = "sso";

    /** What the sign-in's notes say, unpacked from the authentication session. */
    public record Notes(String requiredBy, String strength, String method, List<String> authnCredentials,
            boolean ssoAuthentication, String policiesApplied, String reportOnly, String passwordChangeRequiredBy) {

        public static Notes of(AuthenticationSessionModel authSession) {
            return new Notes(authSession.getAuthNote(MfaNotes.REQUIRED_BY), authSession.getAuthNote(MfaNotes.STRENGTH),
                    authSession.getAuthNote(MfaNotes.METHOD), AuthenticatorUtil.getAuthnCredentials(authSession),
                    AuthenticatorUtil.isSSOAuthentication(authSession),
                    authSession.getAuthNote(SignInNotes.CA_APPLIED), authSession.getAuthNote(SignInNotes.CA_REPORT_ONLY),
                    authSession.getAuthNote(MfaNotes.PASSWORD_CHANGE_REQUIRED_BY));
        }
    }

    private SignInDetails() {
    }

    /**
     * The details for one sign-in. The method: a registration attached in this sign-in; else the last second factor
     * Keycloak recorded as used ({@code authn.credentials}); else Keyward's method note ({@code tap},
     * {@code rememberMfa}); else {@code sso} when MFA was required and the SSO session's earlier MFA sufficed.
     */
    public static Map<String, String> of(ClientAppType clientAppType, Notes notes) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put(CLIENT_APP_TYPE, clientAppType.value());
        List<String> sources = MfaNotes.sources(notes.requiredBy());
        details.put(MFA_REQUIRED_BY, sources.isEmpty() ? NONE : NoteLists.join(sources));
        if (!isBlank(notes.strength())) {
            details.put(STRENGTH, notes.strength());
        }
        method(notes, !sources.isEmpty()).ifPresent(method -> details.put(METHOD, method));
        putList(details, POLICIES_APPLIED, notes.policiesApplied());
        putList(details, REPORT_ONLY, notes.reportOnly());
        putList(details, PASSWORD_CHANGE_REQUIRED_BY, notes.passwordChangeRequiredBy());
        return details;
    }

    /** Adds the details of the sign-in held by {@code authSession} to {@code event}. */
    public static void addTo(EventBuilder event, AuthenticationSessionModel authSession, HttpRequest request) {
        of(ClientAppType.of(request), Notes.of(authSession)).forEach(event::detail);
        RegistrationNotes.details(authSession).forEach(event::detail);
    }

    private static Optional<String> method(Notes notes, boolean mfaRequired) {
        if (MfaNotes.registration(notes.method()).isPresent()) {
            return Optional.of(notes.method());
        }
        Optional<String> secondFactor = secondFactor(notes.authnCredentials());
        if (secondFactor.isPresent()) {
            return secondFactor;
        }
        if (!isBlank(notes.method())) {
            return Optional.of(notes.method());
        }
        return mfaRequired && notes.ssoAuthentication() ? Optional.of(METHOD_SSO) : Optional.empty();
    }

    private static Optional<String> secondFactor(List<String> authnCredentials) {
        String method = null;
        for (String credentialType : authnCredentials) {
            Optional<UserMethod> used = UserMethod.ofCredentialType(credentialType);
            if (used.isPresent()) {
                method = switch (used.get()) {
                    case OTP -> METHOD_OTP;
                    case WEBAUTHN_2FA, WEBAUTHN_PASSWORDLESS -> METHOD_WEBAUTHN;
                    case RECOVERY_CODES -> METHOD_RECOVERY_CODES;
                    case EMAIL -> used.get().value();
                };
            }
        }
        return Optional.ofNullable(method);
    }

    private static void putList(Map<String, String> details, String key, String list) {
        List<String> items = NoteLists.items(list);
        if (!items.isEmpty()) {
            details.put(key, NoteLists.join(items));
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
