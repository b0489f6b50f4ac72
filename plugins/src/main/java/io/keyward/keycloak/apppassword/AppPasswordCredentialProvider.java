package io.keyward.keycloak.apppassword;

import java.util.List;

import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Stores app passwords as Keycloak credentials. Verification is the direct-grant step's
 * ({@link AppPasswordAuthenticator}), which needs to know why an app password is refused.
 */
public final class AppPasswordCredentialProvider implements CredentialProvider<AppPasswordCredentialModel> {

    private final KeycloakSession session;

    AppPasswordCredentialProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public String getType() {
        return AppPasswordCredentialModel.TYPE;
    }

    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, AppPasswordCredentialModel model) {
        return user.credentialManager().createStoredCredential(model);
    }

    @Override
    public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        return user.credentialManager().removeStoredCredentialById(credentialId);
    }

    @Override
    public AppPasswordCredentialModel getCredentialFromModel(CredentialModel model) {
        return AppPasswordCredentialModel.fromCredentialModel(model);
    }

    /** The user's app passwords, oldest first. */
    public List<AppPasswordCredentialModel> list(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(getType())
                .map(this::getCredentialFromModel)
                .sorted((a, b) -> a.createdDateTime().compareTo(b.createdDateTime()))
                .toList();
    }

    /** Listed to admins (user credentials) and to the user (account console), who may remove them; never creatable. */
    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext metadataContext) {
        return CredentialTypeMetadata.builder()
                .type(getType())
                .category(CredentialTypeMetadata.Category.BASIC_AUTHENTICATION)
                .displayName("keywardAppPassword")
                .helpText("keywardAppPasswordHelpText")
                .iconCssClass("kcAuthenticatorKeywardAppPasswordClass")
                .removeable(true)
                .build(session);
    }
}
