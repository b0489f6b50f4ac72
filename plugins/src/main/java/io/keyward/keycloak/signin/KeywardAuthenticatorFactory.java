package io.keyward.keycloak.signin;

import static org.keycloak.models.AuthenticationExecutionModel.Requirement.ALTERNATIVE;
import static org.keycloak.models.AuthenticationExecutionModel.Requirement.DISABLED;
import static org.keycloak.models.AuthenticationExecutionModel.Requirement.REQUIRED;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * What every Keyward authenticator factory shares: a stateless singleton authenticator, no user set-up, no
 * lifecycle, configurable exactly when it has config properties, and no brute-force reference category unless a
 * factory overrides {@link #getReferenceCategory()} (the credential steps do).
 */
public abstract class KeywardAuthenticatorFactory implements AuthenticatorFactory {

    protected static final Requirement[] REQUIRED_OR_DISABLED = {REQUIRED, DISABLED};
    protected static final Requirement[] ALTERNATIVE_OR_DISABLED = {ALTERNATIVE, DISABLED};

    private final String id;
    private final String displayType;
    private final String helpText;
    private final Requirement[] requirementChoices;
    private final List<ProviderConfigProperty> configProperties;
    private final Authenticator singleton;

    protected KeywardAuthenticatorFactory(String id, String displayType, String helpText,
            Requirement[] requirementChoices, List<ProviderConfigProperty> configProperties, Authenticator singleton) {
        this.id = id;
        this.displayType = displayType;
        this.helpText = helpText;
        this.requirementChoices = requirementChoices;
        this.configProperties = configProperties;
        this.singleton = singleton;
    }

    @Override
    public final String getId() {
        return id;
    }

    @Override
    public final String getDisplayType() {
        return displayType;
    }

    @Override
    public final String getHelpText() {
        return helpText;
    }

    /** Not a credential: refusals of this step must not count toward brute-force lock-out. */
    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public final boolean isConfigurable() {
        return !configProperties.isEmpty();
    }

    @Override
    public final Requirement[] getRequirementChoices() {
        return requirementChoices;
    }

    @Override
    public final boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public final List<ProviderConfigProperty> getConfigProperties() {
        return configProperties;
    }

    @Override
    public final Authenticator create(KeycloakSession session) {
        return singleton;
    }

    @Override
    public final void init(Config.Scope config) {
    }

    @Override
    public final void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public final void close() {
    }
}
