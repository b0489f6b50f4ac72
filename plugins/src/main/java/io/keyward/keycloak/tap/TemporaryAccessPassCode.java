package io.keyward.keycloak.tap;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * The pass itself: random characters from an alphabet without look-alikes, so that it can be read out over the
 * phone. Upper case only, which lets sign-in accept any case without losing entropy.
 */
public final class TemporaryAccessPassCode {

    /** No 0/O, 1/I/L: the characters people confuse when they read or type a pass. */
    public static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 48;

    private TemporaryAccessPassCode() {
    }

    /** A new pass of {@code length} characters; {@code random} must be a {@link SecureRandom}. */
    public static String generate(SecureRandom random, int length) {
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new IllegalArgumentException("length must be " + MIN_LENGTH + ".." + MAX_LENGTH + ", got " + length);
        }
        StringBuilder code = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    /**
     * What the user typed, as it was issued: spaces and hyphens (people group long passes) dropped, upper case.
     * Null stays empty, which never matches.
     */
    public static String normalise(String typed) {
        if (typed == null) {
            return "";
        }
        return typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    }
}
