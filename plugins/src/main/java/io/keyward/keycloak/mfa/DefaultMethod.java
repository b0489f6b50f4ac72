package io.keyward.keycloak.mfa;

import java.util.List;
import java.util.Optional;

import io.keyward.keycloak.signin.UserMethod;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.UserModel;

/**
 * "Always use this method first": the theme's second-factor pages carry the box {@value #FORM_FIELD} when the user
 * reached a method that is not their default. After MFA succeeded with it, the user's first credential of that type
 * moves to the top of their credentials, which is the order Keycloak picks the default alternative by.
 */
final class DefaultMethod {

    /** The form field of the theme's box; any non-empty value means ticked. */
    static final String FORM_FIELD = "keywardDefaultMethod";

    private DefaultMethod() {
    }

    /**
     * The credential type to make the default: the last MFA method Keycloak recorded as used in this sign-in (the
     * second factor just passed), when the box was ticked; empty otherwise.
     */
    static Optional<String> credentialTypeToPromote(String formValue, List<String> authnCredentials) {
        if (formValue == null || formValue.isBlank()) {
            return Optional.empty();
        }
        for (int i = authnCredentials.size() - 1; i >= 0; i--) {
            String type = authnCredentials.get(i);
            if (UserMethod.ofCredentialType(type).isPresent()) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** Moves the chosen method first when the form asked for it; returns the credential type moved. */
    static Optional<String> applyChoice(AuthenticationFlowContext context) {
        String formValue = context.getHttpRequest().getDecodedFormParameters().getFirst(FORM_FIELD);
        Optional<String> type = credentialTypeToPromote(formValue,
                AuthenticatorUtil.getAuthnCredentials(context.getAuthenticationSession()));
        UserModel user = context.getUser();
        type.flatMap(credentialType -> user.credentialManager().getStoredCredentialsByTypeStream(credentialType)
                .findFirst())
                .map(CredentialModel::getId)
                .ifPresent(id -> user.credentialManager().moveStoredCredentialTo(id, null));
        return type;
    }
}
