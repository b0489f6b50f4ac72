package io.keyward.keycloak.apppassword;

import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;

public final class AppPasswordCredentialProviderFactory implements CredentialProviderFactory<AppPasswordCredentialProvider> {

    public static final String PROVIDER_ID = "keyward-app-password";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public AppPasswordCredentialProvider create(KeycloakSession session) {
        return new AppPasswordCredentialProvider(session);
    }
}
