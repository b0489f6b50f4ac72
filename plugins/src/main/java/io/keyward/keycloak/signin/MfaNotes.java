package io.keyward.keycloak.signin;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The authentication-session notes through which the sources of an MFA requirement talk to the single MFA step
 * and to the sign-in event (docs/architecture.md, "Contract" and "In Keycloak"). Lists are {@link NoteLists}.
 */
public final class MfaNotes {

    public static final String REQUIRED_BY = "keyward.mfa.requiredBy";
    public static final String STRENGTH = "keyward.mfa.strength";
    public static final String METHOD = "keyward.mfa.method";
    /** Strengths already satisfied in this sign-in before the MFA step: TAP, the SSO session, remember-MFA. */
    public static final String SATISFIED_STRENGTH = "keyward.mfa.satisfiedStrength";
    /** The methods the authentication methods policy allows this user, written by the registration step. */
    public static final String ALLOWED_METHODS = "keyward.mfa.allowedMethods";
    public static final String PASSWORD_CHANGE_REQUIRED_BY = "keyward.mfa.passwordChangeRequiredBy";
    /**
     * Set to {@code securityDefaults} when security defaults refuse a remember-MFA mark in this sign-in (a privileged
     * user, an administration client, SPEC §3.1).
     */
    public static final String REMEMBER_MFA_REFUSED_BY = "keyward.rememberMfa.refusedBy";
    /** The {@link #METHOD} of a sign-in whose MFA a remember-MFA mark stood in for. */
    public static final String METHOD_REMEMBER_MFA = "rememberMfa";

    public static final String SOURCE_SECURITY_DEFAULTS = "securityDefaults";
    public static final String SOURCE_EVALUATION_ERROR = "evaluationError";
    public static final String POLICY_SOURCE_PREFIX = "policy:";

    public static final String REGISTRATION_PREFIX = "registration:";
    public static final String METHOD_REGISTRATION_OTP = "registration:otp";
    public static final String METHOD_REGISTRATION_WEBAUTHN = "registration:webauthn";
    public static final String METHOD_REGISTRATION_PASSKEY = "registration:webauthn-passwordless";

    private MfaNotes() {
    }

    /** The source a Conditional Access policy records: {@code policy:<displayName>}. */
    public static String policySource(String policyName) {
        return POLICY_SOURCE_PREFIX + policyName;
    }

    /** The sources recorded in a {@link #REQUIRED_BY} note. */
    public static List<String> sources(String note) {
        return NoteLists.items(note);
    }

    /** The {@link #REQUIRED_BY} note with {@code source} added once, in recording order, an evaluation error last. */
    public static String withSource(String note, String source) {
        List<String> sources = new ArrayList<>(NoteLists.items(NoteLists.with(note, source)));
        if (sources.remove(SOURCE_EVALUATION_ERROR)) {
            sources.add(SOURCE_EVALUATION_ERROR);
        }
        return NoteLists.join(sources);
    }

    /** Records that {@code source} requires MFA of at least {@code strength} in this sign-in. */
    public static void recordRequirement(AuthenticationSessionModel authSession, String source, MfaStrength strength) {
        authSession.setAuthNote(REQUIRED_BY, withSource(authSession.getAuthNote(REQUIRED_BY), source));
        authSession.setAuthNote(STRENGTH, MfaStrength.strongest(authSession.getAuthNote(STRENGTH), strength).value());
    }

    /** The strength recorded; {@code mfa} when none or an unreadable one was recorded. */
    public static MfaStrength requiredStrength(String strengthNote) {
        return MfaStrength.parse(strengthNote).orElse(MfaStrength.MFA);
    }

    /** The method a registration attached in this sign-in will register, from a {@link #METHOD} note. */
    public static Optional<UserMethod> registration(String methodNote) {
        if (methodNote == null || !methodNote.startsWith(REGISTRATION_PREFIX)) {
            return Optional.empty();
        }
        return switch (methodNote) {
            case METHOD_REGISTRATION_OTP -> Optional.of(UserMethod.OTP);
            case METHOD_REGISTRATION_WEBAUTHN -> Optional.of(UserMethod.WEBAUTHN_2FA);
            case METHOD_REGISTRATION_PASSKEY -> Optional.of(UserMethod.WEBAUTHN_PASSWORDLESS);
            default -> Optional.empty();
        };
    }

    /** The MFA methods whose credentials Keycloak recorded as used in this sign-in ({@code authn.credentials}). */
    public static Set<UserMethod> usedMethods(List<String> authnCredentials) {
        Set<UserMethod> used = EnumSet.noneOf(UserMethod.class);
        authnCredentials.forEach(type -> UserMethod.ofCredentialType(type).ifPresent(used::add));
        return used;
    }

    /**
     * The strengths satisfied so far in this sign-in: those recorded in {@link #SATISFIED_STRENGTH} and those the
     * credentials used meet (a passkey as first factor, the second factor).
     */
    public static Set<MfaStrength> satisfied(String satisfiedNote, List<String> authnCredentials) {
        Set<MfaStrength> satisfied = MfaStrength.parseList(satisfiedNote);
        usedMethods(authnCredentials).forEach(method -> satisfied.addAll(method.strengths()));
        return satisfied;
    }

    public static Set<MfaStrength> satisfied(AuthenticationSessionModel authSession) {
        return satisfied(authSession.getAuthNote(SATISFIED_STRENGTH), AuthenticatorUtil.getAuthnCredentials(authSession));
    }

    /** Adds strengths to {@link #SATISFIED_STRENGTH}. */
    public static void addSatisfied(AuthenticationSessionModel authSession, Set<MfaStrength> strengths) {
        Set<MfaStrength> satisfied = MfaStrength.parseList(authSession.getAuthNote(SATISFIED_STRENGTH));
        satisfied.addAll(strengths);
        if (!satisfied.isEmpty()) {
            authSession.setAuthNote(SATISFIED_STRENGTH, MfaStrength.joinList(satisfied));
        }
    }

    /** The strengths this sign-in achieved, for the SSO session: carried over, used, and being registered. */
    public static Set<MfaStrength> achieved(String satisfiedNote, List<String> authnCredentials, String methodNote) {
        Set<MfaStrength> achieved = satisfied(satisfiedNote, authnCredentials);
        registration(methodNote).ifPresent(method -> achieved.addAll(method.strengths()));
        return achieved;
    }
}
