package io.keyward.keycloak.email;

import java.security.SecureRandom;

/** The codes: decimal digits drawn with {@link SecureRandom}; what the user types is read leniently. */
final class EmailOtpCode {

    private EmailOtpCode() {
    }

    static String generate(SecureRandom random, int length) {
        StringBuilder code = new StringBuilder(length);
        for (int index = 0; index < length; index++) {
            code.append((char) ('0' + random.nextInt(10)));
        }
        return code.toString();
    }

    /** Spaces and hyphens dropped, as people copy codes out of a mail; null becomes empty. */
    static String normalise(String typed) {
        return typed == null ? "" : typed.replaceAll("[\\s-]", "");
    }

    /**
     * The address as the page shows it: the first character of the local part, then asterisks, then the domain
     * ({@code k***@example.org}), so the user recognises it and an onlooker does not learn it.
     */
    static String maskAddress(String address) {
        int at = address.lastIndexOf('@');
        if (at <= 0) {
            return "***";
        }
        return address.charAt(0) + "***" + address.substring(at);
    }
}
