package io.keyward.keycloak.tap;

import java.util.Optional;

import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Stores Temporary Access Passes as Keycloak credentials, at most one per user: creating one removes the previous
 * one. Verification is not done here but by the sign-in step, which needs to know why a pass is refused.
 */
public final class TemporaryAccessPassCredentialProvider
        implements CredentialProvider<TemporaryAccessPassCredentialModel> {

    private final KeycloakSession session;

    TemporaryAccessPassCredentialProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public String getType() {
        return TemporaryAccessPassCredentialModel.TYPE;
    }

    /** Replaces the user's pass, if any, with {@code pass}. */
    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, TemporaryAccessPassCredentialModel pass) {
        user.credentialManager().getStoredCredentialsByTypeStream(getType()).toList()
                .forEach(previous -> deleteCredential(realm, user, previous.getId()));
        return user.credentialManager().createStoredCredential(pass);
    }

    @Override
    public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        return user.credentialManager().removeStoredCredentialById(credentialId);
    }

    @Override
    public TemporaryAccessPassCredentialModel getCredentialFromModel(CredentialModel model) {
        return TemporaryAccessPassCredentialModel.fromCredentialModel(model);
    }

    /** The user's pass, if they have one. */
    public Optional<TemporaryAccessPassCredentialModel> find(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(getType()).findFirst()
                .map(this::getCredentialFromModel);
    }

    /** Shown to admins (user credentials) and to the user (account console, "Try another way"); never creatable. */
    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext metadataContext) {
        return CredentialTypeMetadata.builder()
                .type(getType())
                .category(CredentialTypeMetadata.Category.PASSWORDLESS)
                .displayName("keywardTemporaryAccessPass")
                .helpText("keywardTemporaryAccessPassHelpText")
                .iconCssClass("kcAuthenticatorKeywardTemporaryAccessPassClass")
                .removeable(true)
                .build(session);
    }
}
