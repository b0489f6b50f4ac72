package io.keyward.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/** The login theme's bundles carry every message key the Keyward steps show, in every language. */
class MessagesTest {

    private static final Path MESSAGES =
            Path.of(System.getProperty("keyward.themes.dir", "../themes"), "keyward", "login", "messages");
    private static final List<String> STRENGTHS = List.of("mfa", "passwordlessMfa", "phishingResistantMfa");

    @Test
    void everyLanguageHasTheSameKeys() throws IOException {
        assertEquals(load("en").keySet(), load("de").keySet());
    }

    @Test
    void everyKeyTheStepsUseExists() throws IOException {
        for (String language : List.of("en", "de")) {
            Properties messages = load(language);
            for (String key : List.of("keywardMfaNotConfigured", "keywardBlockedByPolicy",
                    "keywardPasswordChangeUnavailable", "keywardRememberMfaTitle", "keywardRememberMfaIntro",
                    "keywardRememberMfaCheckbox", "keywardRememberMfaHelp", "keywardRememberMfaContinue")) {
                assertTrue(messages.containsKey(key), language + ": " + key);
            }
            for (String strength : STRENGTHS) {
                assertTrue(messages.containsKey("keywardMfaStrengthUnreachable_" + strength), language + strength);
                assertTrue(messages.containsKey("keywardMfaStrengthNotMet_" + strength), language + strength);
            }
        }
    }

    private static Properties load(String language) throws IOException {
        Properties messages = new Properties();
        try (Reader reader = Files.newBufferedReader(MESSAGES.resolve("messages_" + language + ".properties"),
                StandardCharsets.UTF_8)) {
            messages.load(reader);
        }
        return messages;
    }
}
