package io.keyward.keycloak.apppassword;

import java.util.List;

import io.keyward.keycloak.signin.KeywardAuthenticatorFactory;

public final class AppPasswordAuthenticatorFactory extends KeywardAuthenticatorFactory {

    public static final String PROVIDER_ID = "keyward-app-password";

    public AppPasswordAuthenticatorFactory() {
        super(PROVIDER_ID,
                "Keyward password or app password",
                "Direct grant only: the password parameter is an app password (standing for password and MFA) or the"
                        + " account password. Replaces direct-grant-validate-password where the policy allows app passwords.",
                REQUIRED_OR_DISABLED,
                List.of(),
                AppPasswordAuthenticator.SINGLETON);
    }

    /** The app password's own category: the step counts brute-force failures itself, as a password failure. */
    @Override
    public String getReferenceCategory() {
        return AppPasswordCredentialModel.TYPE;
    }
}
