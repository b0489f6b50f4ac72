package io.keyward.keycloak.remember;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.keyward.keycloak.signin.MfaNotes;
import io.keyward.keycloak.signin.MfaStrength;

/**
 * Remember MFA (SPEC §3.7) as pure functions: whether a mark the browser presents is valid for this user now, whether
 * a valid mark may stand in for MFA in this sign-in (SPEC §3.5, the shared vectors' {@code satisfiedBy.rememberMfa}),
 * and whether the user may be offered a new one.
 */
public final class RememberMfa {

    /** The method note and event value of a sign-in whose MFA a mark stood in for. */
    public static final String METHOD = MfaNotes.METHOD_REMEMBER_MFA;
    /** Admin-only user attribute: the MFA session version; "revoke MFA sessions" increments it. Absent means 0. */
    public static final String VERSION_ATTRIBUTE = "keyward.mfaSessionVersion";
    /** Auth note and event detail {@code keyward_remember_mfa}: what became of a mark the browser presented. */
    public static final String MARK_NOTE = "keyward.rememberMfa.mark";
    public static final String MARK_DETAIL = "keyward_remember_mfa";
    /** Auth note and event detail {@code keyward_remember_mfa_offer}: {@code issued} or {@code declined}. */
    public static final String OFFER_NOTE = "keyward.rememberMfa.offer";
    public static final String OFFER_DETAIL = "keyward_remember_mfa_offer";
    public static final String USED = "used";
    public static final String NOT_COUNTED = "notCounted";
    public static final String ISSUED = "issued";
    public static final String DECLINED = "declined";

    static final String COOKIE_PREFIX = "KEYWARD_REMEMBER_MFA_";
    static final long SECONDS_PER_DAY = 86_400L;
    private static final int COOKIE_ID_HEX_LENGTH = 16;

    /** What a mark presented by the browser is worth; every value but {@code VALID} means it is ignored. */
    public enum MarkCheck {
        VALID("valid"),
        /** Not signed by this realm's keys, unreadable, or not a mark. */
        TAMPERED("tampered"),
        /** Issued for another user or another realm. */
        FOREIGN("foreign"),
        EXPIRED("expired"),
        /** The user's MFA sessions were revoked after it was issued. */
        REVOKED("revoked");

        private final String value;

        MarkCheck(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    /** Whether this sign-in needs the mark, and if so whether it stands in for MFA. */
    public enum Use {
        /** No requirement, or one already satisfied (SSO session, TAP, a credential used). */
        NOT_NEEDED,
        /** No mark, or one that is not valid. */
        NO_VALID_MARK,
        /** A valid mark that may not count here: a stronger strength, an evaluation error, security defaults. */
        NOT_COUNTED,
        HONOURED
    }

    private RememberMfa() {
    }

    /**
     * Checks a decoded mark ({@code null} when the signature did not verify or the cookie was unreadable) against the
     * realm, the user, the user's current MFA session version, the realm's current lifetime in days, and the clock.
     * A mark older than the current lifetime has expired even if it was issued under a longer one.
     */
    public static MarkCheck check(RememberMfaMark mark, String realmId, String userId, long currentVersion, int days,
            long nowSeconds) {
        if (mark == null || !RememberMfaMark.TYPE.equals(mark.getType()) || mark.getExp() == null
                || mark.getIat() == null || mark.getVersion() == null) {
            return MarkCheck.TAMPERED;
        }
        if (!realmId.equals(mark.getIssuer()) || !userId.equals(mark.getSubject())) {
            return MarkCheck.FOREIGN;
        }
        if (nowSeconds >= mark.getExp() || nowSeconds >= mark.getIat() + days * SECONDS_PER_DAY) {
            return MarkCheck.EXPIRED;
        }
        return mark.getVersion() == currentVersion ? MarkCheck.VALID : MarkCheck.REVOKED;
    }

    /**
     * SPEC §3.5 and §3.1: a mark satisfies {@code mfa} only — never a stronger strength, never an evaluation error,
     * and never where security defaults refuse it (privileged users, administration clients).
     */
    public static boolean markCounts(MfaStrength required, boolean evaluationError, boolean refusedBySecurityDefaults) {
        return required == MfaStrength.MFA && !evaluationError && !refusedBySecurityDefaults;
    }

    /** {@link #markCounts(MfaStrength, boolean, boolean)} from the sign-in's notes; an unreadable strength never counts. */
    static boolean markCounts(String requiredByNote, String strengthNote, String refusedByNote) {
        List<String> sources = MfaNotes.sources(requiredByNote);
        return !sources.isEmpty() && markCounts(MfaStrength.parse(strengthNote).orElse(null),
                sources.contains(MfaNotes.SOURCE_EVALUATION_ERROR), refusedByNote != null && !refusedByNote.isBlank());
    }

    /** What the mark does in this sign-in. {@code mark} is empty when the browser presented none. */
    static Use use(String requiredByNote, String strengthNote, String refusedByNote, Set<MfaStrength> satisfied,
            Optional<MarkCheck> mark) {
        if (MfaNotes.sources(requiredByNote).isEmpty()
                || satisfied.contains(MfaNotes.requiredStrength(strengthNote))) {
            return Use.NOT_NEEDED;
        }
        if (mark.isEmpty() || mark.get() != MarkCheck.VALID) {
            return Use.NO_VALID_MARK;
        }
        return markCounts(requiredByNote, strengthNote, refusedByNote) ? Use.HONOURED : Use.NOT_COUNTED;
    }

    /**
     * The offer follows a fresh MFA only: a credential used in this sign-in (not a TAP, not the SSO session, not a
     * mark), no registration pending, in a sign-in where a mark would count, and not where a Conditional Access
     * policy says the browser must not persist ({@code persistentBrowser: never}).
     */
    static boolean mayOffer(String requiredByNote, String strengthNote, String refusedByNote, String methodNote,
            List<String> authnCredentials, String persistentBrowserNote) {
        return markCounts(requiredByNote, strengthNote, refusedByNote)
                && (methodNote == null || methodNote.isBlank())
                && !MfaNotes.usedMethods(authnCredentials).isEmpty()
                && !"never".equals(persistentBrowserNote);
    }

    /** The user's MFA session version: absent is 0; anything but a non-negative integer is unusable (empty). */
    public static Optional<Long> version(String attribute) {
        if (attribute == null || attribute.isBlank()) {
            return Optional.of(0L);
        }
        try {
            long version = Long.parseLong(attribute.trim());
            return version >= 0 ? Optional.of(version) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * One cookie per user and realm, so that several users of one browser each keep their own mark. The name carries
     * a hash of realm and user id, not the id itself.
     */
    static String cookieName(String realmId, String userId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((realmId + "/" + userId).getBytes(StandardCharsets.UTF_8));
            return COOKIE_PREFIX + HexFormat.of().formatHex(digest).substring(0, COOKIE_ID_HEX_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
