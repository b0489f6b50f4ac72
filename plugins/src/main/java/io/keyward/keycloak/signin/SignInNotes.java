package io.keyward.keycloak.signin;

import java.util.List;

import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Notes of Conditional Access and the session controls (docs/architecture.md, "In Keycloak"). Lists are
 * {@link NoteLists}. {@link #SSO_MFA_STRENGTHS} is a user-session note; the others live in the sign-in.
 */
public final class SignInNotes {

    /** Names of the enabled policies that applied. */
    public static final String CA_APPLIED = "keyward.ca.applied";
    /** {@code name=result} of the report-only policies that applied. */
    public static final String CA_REPORT_ONLY = "keyward.ca.reportOnly";
    /** Direct grant: ids of the configs of the policies that wait for the user. */
    public static final String CA_DEFERRED = "keyward.ca.deferred";
    /** The policy whose sign-in frequency restarted the flow: the SSO cookie must not be accepted. */
    public static final String REAUTHENTICATE = "keyward.reauthenticate";
    /** {@code AUTH_TIME} of the SSO session the cookie identified (seconds since the epoch). */
    public static final String SSO_AUTH_TIME = "keyward.sso.authTime";
    /** {@code never} or {@code always}: what a policy's persistentBrowser control decided. */
    public static final String PERSISTENT_BROWSER = "keyward.session.persistentBrowser";
    /** User-session note: the strengths of MFA done in this SSO session. */
    public static final String SSO_MFA_STRENGTHS = "keyward.sso.mfaStrengths";

    private SignInNotes() {
    }

    /** Adds {@code item} once to the list note {@code note}. */
    public static void append(AuthenticationSessionModel authSession, String note, String item) {
        authSession.setAuthNote(note, NoteLists.with(authSession.getAuthNote(note), item));
    }

    public static List<String> read(AuthenticationSessionModel authSession, String note) {
        return NoteLists.items(authSession.getAuthNote(note));
    }

    /** The {@code name=result} item of a report-only policy. */
    public static String reportOnlyItem(String policyName, String result) {
        return policyName + "=" + result;
    }
}
