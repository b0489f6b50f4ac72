package io.keyward.keycloak.signin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.keycloak.models.AuthenticationExecutionModel.Requirement.ALTERNATIVE;
import static org.keycloak.models.AuthenticationExecutionModel.Requirement.DISABLED;
import static org.keycloak.models.AuthenticationExecutionModel.Requirement.REQUIRED;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.keyward.keycloak.apppassword.AppPasswordAuthenticatorFactory;
import io.keyward.keycloak.ca.ConditionalAccessConditionFactory;
import io.keyward.keycloak.ca.ConditionalAccessDeferredFactory;
import io.keyward.keycloak.ca.ConditionalAccessGrantFactory;
import io.keyward.keycloak.email.EmailOtpAuthenticatorFactory;
import io.keyward.keycloak.mfa.MfaRegistrationAuthenticatorFactory;
import io.keyward.keycloak.mfa.MfaRequiredConditionFactory;
import io.keyward.keycloak.mfa.MfaSatisfiedAuthenticatorFactory;
import io.keyward.keycloak.mfa.MfaStrengthConditionFactory;
import io.keyward.keycloak.peruser.PerUserMfaAuthenticatorFactory;
import io.keyward.keycloak.registration.RegistrationNudgeAuthenticatorFactory;
import io.keyward.keycloak.remember.RememberMfaAuthenticatorFactory;
import io.keyward.keycloak.remember.RememberMfaOfferAuthenticatorFactory;
import io.keyward.keycloak.securitydefaults.SecurityDefaultsAuthenticatorFactory;
import io.keyward.keycloak.session.KeywardCookieAuthenticatorFactory;
import io.keyward.keycloak.tap.TemporaryAccessPassAuthenticatorFactory;
import io.keyward.keycloak.tap.TemporaryAccessPassOnboardingAuthenticatorFactory;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;

/**
 * Every Keyward authenticator factory's metadata, pinned: the reference category decides what Keycloak's brute-force
 * protector counts (the TAP, app-password and email-code steps count their own failures; conditions are in
 * Keycloak's "condition" category), so the shared base class must not change any of it.
 */
class KeywardAuthenticatorFactoryTest {

    private record Expected(AuthenticatorFactory factory, String id, String referenceCategory,
            Requirement[] requirementChoices, boolean configurable) {
    }

    private static final Requirement[] RD = {REQUIRED, DISABLED};
    private static final Requirement[] AD = {ALTERNATIVE, DISABLED};

    private static final List<Expected> FACTORIES = List.of(
            new Expected(new SecurityDefaultsAuthenticatorFactory(), "keyward-security-defaults", null, RD, true),
            new Expected(new MfaRequiredConditionFactory(), "keyward-condition-mfa-required", "condition", RD, false),
            new Expected(new MfaRegistrationAuthenticatorFactory(), "keyward-mfa-registration", null, RD, true),
            new Expected(new TemporaryAccessPassAuthenticatorFactory(), "keyward-temporary-access-pass",
                    "keyward-temporary-access-pass", AD, false),
            new Expected(new MfaStrengthConditionFactory(), "keyward-condition-mfa-strength", "condition", RD, true),
            new Expected(new MfaSatisfiedAuthenticatorFactory(), "keyward-mfa-satisfied", null, RD, false),
            new Expected(new ConditionalAccessConditionFactory(), "keyward-condition-ca-applies", "condition", RD,
                    true),
            new Expected(new ConditionalAccessGrantFactory(), "keyward-ca-grant", null, RD, true),
            new Expected(new ConditionalAccessDeferredFactory(), "keyward-ca-deferred", null, RD, false),
            new Expected(new PerUserMfaAuthenticatorFactory(), "keyward-per-user-mfa", null, RD, false),
            new Expected(new KeywardCookieAuthenticatorFactory(), "keyward-cookie", null, AD, false),
            new Expected(new TemporaryAccessPassOnboardingAuthenticatorFactory(), "keyward-tap-onboarding", null, RD,
                    false),
            new Expected(new RememberMfaAuthenticatorFactory(), "keyward-remember-mfa", null, RD, true),
            new Expected(new RememberMfaOfferAuthenticatorFactory(), "keyward-remember-mfa-offer", null, RD, true),
            new Expected(new AppPasswordAuthenticatorFactory(), "keyward-app-password", "keyward-app-password", RD,
                    false),
            new Expected(new RegistrationNudgeAuthenticatorFactory(), "keyward-registration-nudge", null, RD, true),
            new Expected(new EmailOtpAuthenticatorFactory(), "keyward-email-otp", "keyward-email-otp",
                    new Requirement[] {ALTERNATIVE, REQUIRED, DISABLED}, true));

    @Test
    void everyFactoryKeepsItsMetadata() {
        for (Expected expected : FACTORIES) {
            AuthenticatorFactory factory = expected.factory();
            String name = factory.getClass().getSimpleName();
            assertEquals(expected.id(), factory.getId(), name);
            assertEquals(expected.referenceCategory(), factory.getReferenceCategory(), name);
            assertArrayEquals(expected.requirementChoices(), factory.getRequirementChoices(), name);
            assertEquals(expected.configurable(), factory.isConfigurable(), name);
            assertEquals(expected.configurable(), !factory.getConfigProperties().isEmpty(), name);
            assertFalse(factory.isUserSetupAllowed(), name);
            assertNotNull(factory.getDisplayType(), name);
            assertNotNull(factory.getHelpText(), name);
            assertNotNull(factory.create(null), name);
            assertSame(factory.create(null), factory.create(null), name);
            if (factory instanceof ConditionalAuthenticatorFactory condition) {
                assertSame(condition.getSingleton(), factory.create(null), name);
            }
        }
    }

    @Test
    void theTableCoversEveryRegisteredFactory() throws IOException {
        String services = "/META-INF/services/" + AuthenticatorFactory.class.getName();
        Set<String> registered;
        try (InputStream in = KeywardAuthenticatorFactoryTest.class.getResourceAsStream(services)) {
            assertNotNull(in, services);
            registered = Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .collect(Collectors.toSet());
        }
        Set<String> tabled = FACTORIES.stream().map(expected -> expected.factory().getClass().getName())
                .collect(Collectors.toSet());
        assertEquals(registered, tabled);
    }
}
