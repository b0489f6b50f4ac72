package io.keyward.keycloak.email;

import org.keycloak.credential.CredentialProvider;
import org.keycloak.models.KeycloakSession;

final class EmailOtpCredentials {

    private EmailOtpCredentials() {
    }

    static EmailOtpCredentialProvider provider(KeycloakSession session) {
        return (EmailOtpCredentialProvider) session.getProvider(CredentialProvider.class,
                EmailOtpCredentialProviderFactory.PROVIDER_ID);
    }
}
