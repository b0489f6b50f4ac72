package io.keyward.keycloak.events;

import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

public final class SignInDetailsRequiredActionFactory implements RequiredActionFactory {

    public static final String PROVIDER_ID = "keyward-sign-in-details";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayText() {
        return "Keyward sign-in details (enable; never assign to users)";
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return SignInDetailsRequiredAction.SINGLETON;
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
