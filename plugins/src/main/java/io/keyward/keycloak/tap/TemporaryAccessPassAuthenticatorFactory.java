package io.keyward.keycloak.tap;

import static org.keycloak.models.AuthenticationExecutionModel.Requirement.ALTERNATIVE;
import static org.keycloak.models.AuthenticationExecutionModel.Requirement.DISABLED;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

public final class TemporaryAccessPassAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "keyward-temporary-access-pass";

    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENT_CHOICES = {ALTERNATIVE, DISABLED};

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Keyward Temporary Access Pass";
    }

    @Override
    public String getHelpText() {
        return "Sign-in with an admin-issued Temporary Access Pass instead of password and second factor; the policy"
                + " comes from the realm attribute keyward.policy.";
    }

    /**
     * The TAP's own category, which Keycloak's brute-force protector ignores; the authenticator counts wrong codes
     * itself, as password failures.
     */
    @Override
    public String getReferenceCategory() {
        return TemporaryAccessPassCredentialModel.TYPE;
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return REQUIREMENT_CHOICES;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return TemporaryAccessPassAuthenticator.SINGLETON;
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
