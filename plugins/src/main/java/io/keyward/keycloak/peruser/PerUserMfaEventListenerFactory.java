package io.keyward.keycloak.peruser;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** The realm event listener {@code keyward}; the compiler adds it to the realm's {@code eventsListeners}. */
public final class PerUserMfaEventListenerFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = "keyward";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new PerUserMfaEventListener(session);
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
