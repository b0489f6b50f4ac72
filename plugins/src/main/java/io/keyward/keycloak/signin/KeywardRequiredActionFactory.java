package io.keyward.keycloak.signin;

import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** A Keyward required action: a stateless singleton with an id and the text the admin console shows. */
public abstract class KeywardRequiredActionFactory implements RequiredActionFactory {

    private final String id;
    private final String displayText;
    private final RequiredActionProvider singleton;

    protected KeywardRequiredActionFactory(String id, String displayText, RequiredActionProvider singleton) {
        this.id = id;
        this.displayText = displayText;
        this.singleton = singleton;
    }

    @Override
    public final String getId() {
        return id;
    }

    @Override
    public final String getDisplayText() {
        return displayText;
    }

    @Override
    public final RequiredActionProvider create(KeycloakSession session) {
        return singleton;
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
