package io.keyward.keycloak.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

class TemporaryAccessPassHashTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void theRightPassVerifiesAndNothingElseDoes() {
        TemporaryAccessPassHash.Hashed hashed = TemporaryAccessPassHash.hash("ABCD2345", RANDOM);

        assertTrue(TemporaryAccessPassHash.verify("ABCD2345", hashed));
        assertFalse(TemporaryAccessPassHash.verify("ABCD2346", hashed));
        assertFalse(TemporaryAccessPassHash.verify("", hashed));
    }

    @Test
    void theHashIsSaltedSlowPbkdf2AndHoldsNoPass() {
        TemporaryAccessPassHash.Hashed first = TemporaryAccessPassHash.hash("ABCD2345", RANDOM);
        TemporaryAccessPassHash.Hashed second = TemporaryAccessPassHash.hash("ABCD2345", RANDOM);

        assertEquals("PBKDF2WithHmacSHA512", first.algorithm());
        assertTrue(first.iterations() >= 210_000);
        assertNotEquals(first.salt(), second.salt());
        assertNotEquals(first.hash(), second.hash());
        assertFalse(first.toString().contains("ABCD2345"));
    }

    @Test
    void anUnreadableHashMatchesNothing() {
        TemporaryAccessPassHash.Hashed hashed = TemporaryAccessPassHash.hash("ABCD2345", RANDOM);

        assertFalse(TemporaryAccessPassHash.verify("ABCD2345", null));
        assertFalse(TemporaryAccessPassHash.verify("ABCD2345",
                new TemporaryAccessPassHash.Hashed("MD5", hashed.iterations(), hashed.salt(), hashed.hash())));
        assertFalse(TemporaryAccessPassHash.verify("ABCD2345",
                new TemporaryAccessPassHash.Hashed(hashed.algorithm(), hashed.iterations(), "%%%", hashed.hash())));
        assertFalse(TemporaryAccessPassHash.verify("ABCD2345",
                new TemporaryAccessPassHash.Hashed(hashed.algorithm(), 0, hashed.salt(), hashed.hash())));
    }

    @Test
    void theStoredIterationCountIsHonoured() {
        TemporaryAccessPassHash.Hashed hashed = TemporaryAccessPassHash.hash("ABCD2345", RANDOM);
        TemporaryAccessPassHash.Hashed fewer =
                new TemporaryAccessPassHash.Hashed(hashed.algorithm(), 1_000, hashed.salt(), hashed.hash());

        assertFalse(TemporaryAccessPassHash.verify("ABCD2345", fewer));
    }
}
