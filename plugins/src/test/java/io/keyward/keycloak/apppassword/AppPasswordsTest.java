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

    private static AppPasswordCredentialModel stored(String id, String name) {
        TemporaryAccessPassHash.Hashed hash = new TemporaryAccessPassHash.Hashed("PBKDF2WithHmacSHA512", 1, "c2FsdA==",
                "aGFzaA==");
        AppPasswordCredentialModel model = AppPasswordCredentialModel.create(name, id.toUpperCase(), hash,
                Instant.EPOCH);
        model.setId(id);
        return model;
    }

    @Test
    void aCreationThatRacesAnotherRemovesItselfWhenTheUserWouldHaveTooManyOrTwoOfOneName() {
        List<AppPasswordCredentialModel> forty = new java.util.ArrayList<>();
        for (int n = 1; n <= AppPasswords.MAX_PER_USER; n++) {
            forty.add(stored("id-" + n, "App " + n));
        }
        assertEquals(Optional.empty(), AppPasswords.clash(forty, "id-40"));

        List<AppPasswordCredentialModel> fortyOne = new java.util.ArrayList<>(forty);
        fortyOne.add(stored("id-41", "App 41"));
        assertEquals(Optional.of(AppPasswords.Clash.TOO_MANY), AppPasswords.clash(fortyOne, "id-41"));
        // Whichever of two racing creations checks with both in view removes itself.
        assertEquals(Optional.of(AppPasswords.Clash.TOO_MANY), AppPasswords.clash(fortyOne, "id-40"));

        List<AppPasswordCredentialModel> sameName = List.of(stored("a", "Mail"), stored("b", " mail"),
                stored("c", "Phone"));
        assertEquals(Optional.of(AppPasswords.Clash.NAME_IN_USE), AppPasswords.clash(sameName, "a"));
        assertEquals(Optional.of(AppPasswords.Clash.NAME_IN_USE), AppPasswords.clash(sameName, "b"));
        assertEquals(Optional.empty(), AppPasswords.clash(sameName, "c"));
    }
}
