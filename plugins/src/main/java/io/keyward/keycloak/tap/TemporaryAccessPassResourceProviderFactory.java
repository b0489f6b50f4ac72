package io.keyward.keycloak.tap;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Mounts {@link TemporaryAccessPassResource} at {@code /realms/{realm}/keyward}. */
public final class TemporaryAccessPassResourceProviderFactory implements RealmResourceProviderFactory {

    /** The path segment under {@code /realms/{realm}/}. */
    public static final String PROVIDER_ID = "keyward";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new TemporaryAccessPassResource(session);
            }

            @Override
            public void close() {
            }
        };
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
