package io.keyward.keycloak.apppassword;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import io.keyward.keycloak.tap.TemporaryAccessPassCode;
import org.junit.jupiter.api.Test;

class AppPasswordCodeTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void appPasswordsAreFiveGroupsOfFourFromTheAlphabetWithoutLookAlikes() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String password = AppPasswordCode.generate(RANDOM);
            assertTrue(password.matches("[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){4}"), password);
            String canonical = AppPasswordCode.parse(password).orElseThrow();
            assertEquals(20, canonical.length());
            assertTrue(canonical.chars().allMatch(c -> TemporaryAccessPassCode.ALPHABET.indexOf(c) >= 0));
            seen.add(canonical);
        }
        assertEquals(1_000, seen.size());
    }

    @Test
    void typedAppPasswordsAreReadInAnyCaseWithOrWithoutGrouping() {
        Optional<String> expected = Optional.of("ABCD2345EFGH6789JKMN");
        assertEquals(expected, AppPasswordCode.parse("ABCD-2345-EFGH-6789-JKMN"));
        assertEquals(expected, AppPasswordCode.parse("abcd 2345 efgh 6789 jkmn"));
        assertEquals(expected, AppPasswordCode.parse("abcd2345efgh6789jkmn"));
        assertEquals("ABCD", AppPasswordCode.lookup(expected.get()));
    }

    @Test
    void whatCannotBeAnAppPasswordIsLeftToThePasswordCheck() {
        assertEquals(Optional.empty(), AppPasswordCode.parse(null));
        assertEquals(Optional.empty(), AppPasswordCode.parse("Correct-Horse-Battery-1"));
        assertEquals(Optional.empty(), AppPasswordCode.parse("ABCD-2345-EFGH-6789-JKM"));
        assertEquals(Optional.empty(), AppPasswordCode.parse("ABCD-2345-EFGH-6789-JKMNP"));
        // 0, O, 1, I and L are not in the alphabet.
        assertEquals(Optional.empty(), AppPasswordCode.parse("ABCD-2345-EFGH-6789-JKM0"));
        assertEquals(Optional.empty(), AppPasswordCode.parse("ABCD-2345-EFGH-6789-JKML"));
    }
}
