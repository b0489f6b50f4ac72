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
                    "keywardRememberMfaCheckbox", "keywardRememberMfaHelp", "keywardRememberMfaContinue",
                    "keywardSecurityInfoChoose")) {
                assertTrue(messages.containsKey(key), language + ": " + key);
            }
            for (String strength : STRENGTHS) {
                assertTrue(messages.containsKey("keywardMfaStrengthUnreachable_" + strength), language + strength);
                assertTrue(messages.containsKey("keywardMfaStrengthNotMet_" + strength), language + strength);
            }
        }
    }

    @Test
    void everyMethodTheWizardOffersHasANameAndAHelpText() throws IOException {
        for (String language : List.of("en", "de")) {
            Properties messages = load(language);
            for (io.keyward.keycloak.registration.SecurityInfoMethod method
                    : io.keyward.keycloak.registration.SecurityInfoMethod.values()) {
                String key = "keywardSecurityInfoMethod." + method.value();
                assertTrue(messages.containsKey(key) && messages.containsKey(key + ".help"), language + ": " + key);
            }
        }
    }

    /** The email codes' page and mails (io.keyward.keycloak.email), in both bundles of both theme types. */
    @Test
    void everyEmailCodeKeyExists() throws IOException {
        Path emailMessages = MESSAGES.resolve("../../email/messages").normalize();
        assertEquals(load(emailMessages, "en").keySet(), load(emailMessages, "de").keySet());
        for (String language : List.of("en", "de")) {
            Properties login = load(language);
            for (String key : List.of("keywardEmailOtp", "keywardEmailOtpHelpText", "keywardEmailOtpTitle",
                    "keywardEmailOtpRegisterTitle", "keywardEmailOtpSent", "keywardEmailOtpResent",
                    "keywardEmailOtpResendWait", "keywardEmailOtpMissing", "keywardEmailOtpInvalid",
                    "keywardEmailOtpAttemptsExhausted", "keywardEmailOtpExpired", "keywardEmailOtpNoCode",
                    "keywardEmailOtpSendFailed", "keywardEmailOtpUnavailable", "keywardEmailOtpNoEmail")) {
                assertTrue(login.containsKey(key), language + ": " + key);
            }
            Properties mails = load(emailMessages, language);
            for (String key : List.of("keywardEmailOtpSubject", "keywardEmailOtpRegisterSubject",
                    "keywardEmailOtpBody", "keywardEmailOtpBodyHtml", "keywardEmailOtpRegisterBody",
                    "keywardEmailOtpRegisterBodyHtml")) {
                assertTrue(mails.containsKey(key), language + ": " + key);
            }
        }
    }

    private static Properties load(String language) throws IOException {
        return load(MESSAGES, language);
    }

    private static Properties load(Path directory, String language) throws IOException {
        Properties messages = new Properties();
        try (Reader reader = Files.newBufferedReader(directory.resolve("messages_" + language + ".properties"),
                StandardCharsets.UTF_8)) {
            messages.load(reader);
        }
        return messages;
    }
}
