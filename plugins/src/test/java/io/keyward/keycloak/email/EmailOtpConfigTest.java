package io.keyward.keycloak.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class EmailOtpConfigTest {

    @Test
    void defaultsWithoutConfiguration() {
        EmailOtpConfig config = new EmailOtpConfig(null);
        assertEquals(List.of(), config.problems());
        assertEquals(8, config.codeLength());
        assertEquals(Duration.ofMinutes(10), config.codeLifetime());
        assertEquals(Duration.ofSeconds(30), config.resendCooldown());
        assertEquals(5, config.maximumAttemptsPerCode());
    }

    @Test
    void readsTheCompiledValues() {
        EmailOtpConfig config = new EmailOtpConfig(Map.of("codeLength", "6", "codeLifetimeInMinutes", "60",
                "resendCooldownInSeconds", "600", "maximumAttemptsPerCode", "1"));
        assertEquals(List.of(), config.problems());
        assertEquals(6, config.codeLength());
        assertEquals(Duration.ofMinutes(60), config.codeLifetime());
        assertEquals(Duration.ofSeconds(600), config.resendCooldown());
        assertEquals(1, config.maximumAttemptsPerCode());
    }

    @Test
    void namesEveryValueOutOfBoundsOrUnreadable() {
        EmailOtpConfig config = new EmailOtpConfig(Map.of("codeLength", "5", "codeLifetimeInMinutes", "61",
                "resendCooldownInSeconds", "soon", "maximumAttemptsPerCode", "0"));
        assertEquals(4, config.problems().size());
        assertTrue(config.problems().contains("codeLength is '5', expected a whole number from 6 to 10"),
                config.problems().toString());
        assertTrue(config.problems().contains(
                "resendCooldownInSeconds is 'soon', expected a whole number from 10 to 600"));
    }
}
