package io.keyward.keycloak.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class TemporaryAccessPassCodeTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void theAlphabetHasNoLookAlikes() {
        for (char lookAlike : "0O1IL".toCharArray()) {
            assertEquals(-1, TemporaryAccessPassCode.ALPHABET.indexOf(lookAlike), "contains " + lookAlike);
        }
        assertEquals(31, TemporaryAccessPassCode.ALPHABET.chars().distinct().count());
    }

    @Test
    void passesHaveTheRequestedLengthFromTheAlphabet() {
        for (int length : new int[] {8, 13, 48}) {
            String code = TemporaryAccessPassCode.generate(RANDOM, length);
            assertEquals(length, code.length());
            assertTrue(code.chars().allMatch(c -> TemporaryAccessPassCode.ALPHABET.indexOf(c) >= 0), code);
        }
    }

    @Test
    void lengthsOutsideEightToFortyEightAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> TemporaryAccessPassCode.generate(RANDOM, 7));
        assertThrows(IllegalArgumentException.class, () -> TemporaryAccessPassCode.generate(RANDOM, 49));
    }

    @Test
    void everyCharacterOfTheAlphabetTurnsUpAndPassesDoNotRepeat() {
        Set<Character> seen = new HashSet<>();
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            String code = TemporaryAccessPassCode.generate(RANDOM, 8);
            code.chars().forEach(c -> seen.add((char) c));
            codes.add(code);
        }
        assertEquals(TemporaryAccessPassCode.ALPHABET.length(), seen.size());
        assertEquals(2_000, codes.size());
    }

    @Test
    void typedPassesAreNormalised() {
        assertEquals("ABCD2345", TemporaryAccessPassCode.normalise(" abcd-2345 "));
        assertEquals("ABCD2345", TemporaryAccessPassCode.normalise("ABCD 2345"));
        assertEquals("", TemporaryAccessPassCode.normalise(null));
        assertNotEquals("ABCD2345", TemporaryAccessPassCode.normalise("ABCD_2345"));
        assertFalse(TemporaryAccessPassCode.normalise("ß").isEmpty());
    }
}
