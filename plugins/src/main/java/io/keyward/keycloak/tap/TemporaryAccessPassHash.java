package io.keyward.keycloak.tap;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The only form in which a pass is stored: PBKDF2-HMAC-SHA512 with a random salt and OWASP's iteration count, the
 * same construction as Keycloak's default password hash. A stolen database therefore does not give the passes away
 * even though they are short.
 */
public final class TemporaryAccessPassHash {

    public static final String ALGORITHM = "PBKDF2WithHmacSHA512";
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA512, and Keycloak's default for passwords. */
    public static final int ITERATIONS = 210_000;

    private static final int SALT_BYTES = 16;
    private static final int KEY_BITS = 512;

    /** A stored hash; {@code salt} and {@code hash} are Base64. */
    public record Hashed(String algorithm, int iterations, String salt, String hash) {
    }

    private TemporaryAccessPassHash() {
    }

    /** Hashes a new pass with a fresh salt. */
    public static Hashed hash(String code, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        Base64.Encoder base64 = Base64.getEncoder();
        return new Hashed(ALGORITHM, ITERATIONS, base64.encodeToString(salt),
                base64.encodeToString(derive(code, salt, ITERATIONS)));
    }

    /**
     * Whether {@code code} is the pass behind {@code stored}, compared in constant time. A hash that cannot be read
     * matches nothing.
     */
    public static boolean verify(String code, Hashed stored) {
        if (stored == null || !ALGORITHM.equals(stored.algorithm()) || stored.iterations() < 1
                || stored.salt() == null || stored.hash() == null) {
            return false;
        }
        Base64.Decoder base64 = Base64.getDecoder();
        byte[] expected;
        byte[] salt;
        try {
            expected = base64.decode(stored.hash());
            salt = base64.decode(stored.salt());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, derive(code, salt, stored.iterations()));
    }

    /**
     * Spends the same time as a real verification, for sign-ins that have no pass to check, so that the response time
     * does not tell whether the user has one.
     */
    public static void dummyVerify(String code) {
        derive(code, new byte[SALT_BYTES], ITERATIONS);
    }

    private static byte[] derive(String code, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(code.toCharArray(), salt, iterations, KEY_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
        } finally {
            spec.clearPassword();
        }
    }
}
