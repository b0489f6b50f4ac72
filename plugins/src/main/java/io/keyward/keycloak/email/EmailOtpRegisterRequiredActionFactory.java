package io.keyward.keycloak.email;

import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

public final class EmailOtpRegisterRequiredActionFactory implements RequiredActionFactory {

    public static final String PROVIDER_ID = "keyward-email-otp-register";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayText() {
        return "Keyward: verify email address for sign-in codes";
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return EmailOtpRegisterRequiredAction.SINGLETON;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
