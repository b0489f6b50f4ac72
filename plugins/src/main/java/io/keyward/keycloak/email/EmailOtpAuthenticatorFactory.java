package io.keyward.keycloak.email;

import static org.keycloak.models.AuthenticationExecutionModel.Requirement.ALTERNATIVE;
import static org.keycloak.models.AuthenticationExecutionModel.Requirement.DISABLED;
import static org.keycloak.models.AuthenticationExecutionModel.Requirement.REQUIRED;

import io.keyward.keycloak.signin.KeywardAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;

public final class EmailOtpAuthenticatorFactory extends KeywardAuthenticatorFactory {

    public static final String PROVIDER_ID = "keyward-email-otp";

    private static final Requirement[] REQUIREMENT_CHOICES = {ALTERNATIVE, REQUIRED, DISABLED};

    public EmailOtpAuthenticatorFactory() {
        super(PROVIDER_ID,
                "Keyward email code",
                "Second factor: a one-time code sent to the user's verified email address through the realm's SMTP"
                        + " settings.",
                REQUIREMENT_CHOICES,
                EmailOtpConfigProperties.CONFIG_PROPERTIES,
                EmailOtpAuthenticator.SINGLETON);
    }

    /** The email code's own category, which Keycloak's protector ignores; wrong codes are counted as OTP failures. */
    @Override
    public String getReferenceCategory() {
        return EmailOtpCredentialModel.TYPE;
    }
}
