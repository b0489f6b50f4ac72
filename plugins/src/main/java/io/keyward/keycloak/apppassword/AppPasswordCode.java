package io.keyward.keycloak.apppassword;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;

import io.keyward.keycloak.tap.TemporaryAccessPassCode;

/**
 * An app password: 20 random characters from the TAP's alphabet without look-alikes, in five groups of four for
 * typing ({@code K7QM-2XRT-9HPA-WN4C-D8FJ}). The first group is the password's public lookup key, kept in the
 * credential data so that a sign-in compares one slow hash, not one per app password of the user; the other 16
 * characters (about 79 bits) are the secret. The whole password is what is hashed.
 */
public final class AppPasswordCode {

    public static final int GROUPS = 5;
    public static final int GROUP_LENGTH = 4;
    public static final int LENGTH = GROUPS * GROUP_LENGTH;

    private static final String ALPHABET = TemporaryAccessPassCode.ALPHABET;

    private AppPasswordCode() {
    }

    /** A new app password, grouped with hyphens; {@code random} must be a {@link SecureRandom}. */
    public static String generate(SecureRandom random) {
        StringBuilder code = new StringBuilder(LENGTH + GROUPS - 1);
        for (int i = 0; i < LENGTH; i++) {
            if (i > 0 && i % GROUP_LENGTH == 0) {
                code.append('-');
            }
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    /**
     * What was typed, as the canonical app password (upper case, without the spaces and hyphens people group it
     * with), or empty when it cannot be one: then it can only be the account password.
     */
    public static Optional<String> parse(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        String normalised = typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        if (normalised.length() != LENGTH || !normalised.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)) {
            return Optional.empty();
        }
        return Optional.of(normalised);
    }

    /** The public lookup key of a canonical app password: its first group. */
    public static String lookup(String canonical) {
        return canonical.substring(0, GROUP_LENGTH);
    }
}
