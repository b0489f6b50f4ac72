package io.keyward.keycloak.registration;

import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

public final class SecurityInfoSummaryRequiredActionFactory implements RequiredActionFactory {

    @Override
    public String getId() {
        return SecurityInfo.SUMMARY;
    }

    @Override
    public String getDisplayText() {
        return "Keyward security info: summary (enable; attached by Keyward)";
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return SecurityInfoSummaryRequiredAction.SINGLETON;
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
