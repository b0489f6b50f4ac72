package io.keyward.keycloak.tap;

import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;

public final class TemporaryAccessPassCredentialProviderFactory
        implements CredentialProviderFactory<TemporaryAccessPassCredentialProvider> {

    public static final String PROVIDER_ID = "keyward-temporary-access-pass";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public TemporaryAccessPassCredentialProvider create(KeycloakSession session) {
        return new TemporaryAccessPassCredentialProvider(session);
    }
}
