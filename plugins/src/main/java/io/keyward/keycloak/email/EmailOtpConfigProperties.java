package io.keyward.keycloak.email;

import static org.keycloak.provider.ProviderConfigProperty.INTEGER_TYPE;

import java.util.List;

import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

final class EmailOtpConfigProperties {

    static final List<ProviderConfigProperty> CONFIG_PROPERTIES = ProviderConfigurationBuilder.create()
            .property(property(EmailOtpConfig.CODE_LENGTH_BOUND, "Code length", "Digits in a code"))
            .property(property(EmailOtpConfig.CODE_LIFETIME_BOUND, "Code lifetime (minutes)",
                    "How long a code can be used after it was sent"))
            .property(property(EmailOtpConfig.RESEND_COOLDOWN_BOUND, "Resend cool-down (seconds)",
                    "How long the user must wait before asking for another code"))
            .property(property(EmailOtpConfig.MAXIMUM_ATTEMPTS_BOUND, "Attempts per code",
                    "Wrong codes after which the code is void and a new one must be requested"))
            .build();

    private EmailOtpConfigProperties() {
    }

    private static ProviderConfigProperty property(EmailOtpConfig.Bound bound, String label, String help) {
        return new ProviderConfigProperty(bound.key(), label,
                help + ": " + bound.minimum() + " to " + bound.maximum() + ", default " + bound.defaultValue() + ".",
                INTEGER_TYPE, String.valueOf(bound.defaultValue()));
    }
}
