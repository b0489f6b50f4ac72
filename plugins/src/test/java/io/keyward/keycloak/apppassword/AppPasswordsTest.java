package io.keyward.keycloak.apppassword;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.keyward.keycloak.tap.TemporaryAccessPassHash;
import org.junit.jupiter.api.Test;

class AppPasswordsTest {

    @Test
    void namesHaveOneToSixtyFourCharactersAndNoControlCharacters() {
        assertEquals(Optional.empty(), AppPasswords.nameProblem("Thunderbird"));
        assertEquals(Optional.empty(), AppPasswords.nameProblem("x".repeat(64)));
        assertEquals(Optional.empty(), AppPasswords.nameProblem("  padded  "));
        // Counted in characters, not UTF-16 units.
        assertEquals(Optional.empty(), AppPasswords.nameProblem("📧".repeat(64)));
        for (String bad : new String[] {null, "", "   ", "x".repeat(65), "tab\there", "new\nline"}) {
            assertTrue(AppPasswords.nameProblem(bad).isPresent(), String.valueOf(bad));
        }
    }

    @Test
    void namesAreUniquePerUserIgnoringCaseAndSurroundingSpace() {
        TemporaryAccessPassHash.Hashed hash = new TemporaryAccessPassHash.Hashed("PBKDF2WithHmacSHA512", 1, "c2FsdA==",
                "aGFzaA==");
        List<AppPasswordCredentialModel> existing = List.of(
                AppPasswordCredentialModel.create("Mail", "ABCD", hash, Instant.EPOCH));
        assertTrue(AppPasswords.nameTaken(existing, " MAIL "));
        assertFalse(AppPasswords.nameTaken(existing, "Mail 2"));
    }
}
