package io.keyward.keycloak.email;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import io.keyward.keycloak.tap.TemporaryAccessPassHash;

/**
 * The one code in flight for a sign-in or a registration, as the authentication session holds it: the address it went
 * to, its salted slow hash (never the code), when it was sent and how many wrong codes were typed. The decisions are
 * pure functions of it, the settings and the time.
 */
record EmailOtpChallenge(String address, TemporaryAccessPassHash.Hashed hash, Instant sentAt, int attempts) {

    /** What a typed code comes to. */
    enum Outcome {
        ACCEPTED,
        /** Wrong code, attempts left: counts toward the brute-force lock-out. */
        INVALID,
        /** Wrong code, and it was the last attempt: counts too, and the code is now void. */
        INVALID_AND_VOID,
        /** The code is past its lifetime; it is not compared. */
        EXPIRED,
        /** No code is in flight (none was sent, or the attempt limit voided it): the user must request one. */
        NO_CODE,
        /** Keycloak's brute-force protection locks the user out: told like a wrong code, not compared. */
        LOCKED_OUT
    }

    static final String ADDRESS_NOTE = "keyward.emailOtp.address";
    static final String SALT_NOTE = "keyward.emailOtp.salt";
    static final String HASH_NOTE = "keyward.emailOtp.hash";
    static final String ITERATIONS_NOTE = "keyward.emailOtp.iterations";
    static final String SENT_AT_NOTE = "keyward.emailOtp.sentAt";
    static final String ATTEMPTS_NOTE = "keyward.emailOtp.attempts";

    /** The notes that hold this challenge. */
    Map<String, String> notes() {
        return Map.of(ADDRESS_NOTE, address, SALT_NOTE, hash.salt(), HASH_NOTE, hash.hash(),
                ITERATIONS_NOTE, String.valueOf(hash.iterations()), SENT_AT_NOTE, String.valueOf(sentAt.toEpochMilli()),
                ATTEMPTS_NOTE, String.valueOf(attempts));
    }

    /** The challenge held in {@code notes}; empty when there is none or it cannot be read (nothing is accepted). */
    static Optional<EmailOtpChallenge> read(Map<String, String> notes) {
        String address = notes.get(ADDRESS_NOTE);
        String salt = notes.get(SALT_NOTE);
        String hash = notes.get(HASH_NOTE);
        if (address == null || salt == null || hash == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new EmailOtpChallenge(address,
                    new TemporaryAccessPassHash.Hashed(TemporaryAccessPassHash.ALGORITHM,
                            Integer.parseInt(notes.get(ITERATIONS_NOTE)), salt, hash),
                    Instant.ofEpochMilli(Long.parseLong(notes.get(SENT_AT_NOTE))),
                    Integer.parseInt(notes.get(ATTEMPTS_NOTE))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    EmailOtpChallenge withAttempt() {
        return new EmailOtpChallenge(address, hash, sentAt, attempts + 1);
    }

    boolean expired(Instant now, EmailOtpConfig config) {
        return !now.isBefore(sentAt.plus(config.codeLifetime()));
    }

    boolean exhausted(EmailOtpConfig config) {
        return attempts >= config.maximumAttemptsPerCode();
    }

    /** A code that can still be entered for {@code address}: shown again instead of sending another one. */
    boolean usableFor(String address, Instant now, EmailOtpConfig config) {
        return this.address.equalsIgnoreCase(address) && !expired(now, config) && !exhausted(config);
    }

    /**
     * The outcome of typing a code. The order matters: the lock-out first, then whether a code can be entered at all,
     * and only then the (slow) comparison, so that an expired or void code is never compared.
     */
    static Outcome decide(Optional<EmailOtpChallenge> challenge, boolean lockedOut,
            Predicate<EmailOtpChallenge> matches, Instant now, EmailOtpConfig config) {
        if (lockedOut) {
            return Outcome.LOCKED_OUT;
        }
        if (challenge.isEmpty() || challenge.get().exhausted(config)) {
            return Outcome.NO_CODE;
        }
        if (challenge.get().expired(now, config)) {
            return Outcome.EXPIRED;
        }
        if (matches.test(challenge.get())) {
            return Outcome.ACCEPTED;
        }
        return challenge.get().withAttempt().exhausted(config) ? Outcome.INVALID_AND_VOID : Outcome.INVALID;
    }

    /** Seconds until another code may be sent: 0 when one may be sent now. */
    static long resendWaitSeconds(Optional<EmailOtpChallenge> challenge, Instant now, EmailOtpConfig config) {
        if (challenge.isEmpty()) {
            return 0;
        }
        Duration left = Duration.between(now, challenge.get().sentAt().plus(config.resendCooldown()));
        if (left.isNegative() || left.isZero()) {
            return 0;
        }
        return (left.toMillis() + 999) / 1000;
    }
}
