package io.keyward.keycloak.email;

import io.keyward.keycloak.signin.KeywardRequiredActionFactory;

public final class EmailOtpRegisterRequiredActionFactory extends KeywardRequiredActionFactory {

    public static final String PROVIDER_ID = "keyward-email-otp-register";

    public EmailOtpRegisterRequiredActionFactory() {
        super(PROVIDER_ID, "Keyward: verify email address for sign-in codes",
                EmailOtpRegisterRequiredAction.SINGLETON);
    }
}
