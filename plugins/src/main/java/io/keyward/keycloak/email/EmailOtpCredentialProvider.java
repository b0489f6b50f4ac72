package io.keyward.keycloak.email;

import java.util.Optional;

import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** Stores the verified address for email codes, at most one per user: registering again replaces it. */
public final class EmailOtpCredentialProvider implements CredentialProvider<EmailOtpCredentialModel> {

    private final KeycloakSession session;

    EmailOtpCredentialProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public String getType() {
        return EmailOtpCredentialModel.TYPE;
    }

    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, EmailOtpCredentialModel credential) {
        user.credentialManager().getStoredCredentialsByTypeStream(getType()).toList()
                .forEach(previous -> deleteCredential(realm, user, previous.getId()));
        return user.credentialManager().createStoredCredential(credential);
    }

    @Override
    public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        return user.credentialManager().removeStoredCredentialById(credentialId);
    }

    @Override
    public EmailOtpCredentialModel getCredentialFromModel(CredentialModel model) {
        return EmailOtpCredentialModel.fromCredentialModel(model);
    }

    /** The user's registered address, if any. */
    public Optional<EmailOtpCredentialModel> find(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(getType()).findFirst()
                .map(this::getCredentialFromModel);
    }

    /** A second factor the user can set up (the registration required action) and remove in the account console. */
    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext metadataContext) {
        return CredentialTypeMetadata.builder()
                .type(getType())
                .category(CredentialTypeMetadata.Category.TWO_FACTOR)
                .displayName("keywardEmailOtp")
                .helpText("keywardEmailOtpHelpText")
                .iconCssClass("kcAuthenticatorKeywardEmailOtpClass")
                .createAction(EmailOtpRegisterRequiredActionFactory.PROVIDER_ID)
                .removeable(true)
                .build(session);
    }
}
