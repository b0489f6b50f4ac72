package io.keyward.keycloak.signin;

import java.util.List;

import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** A Keyward condition: always REQUIRED or DISABLED, in Keycloak's "condition" reference category. */
public abstract class KeywardConditionFactory extends KeywardAuthenticatorFactory
        implements ConditionalAuthenticatorFactory {

    private final ConditionalAuthenticator singleton;

    protected KeywardConditionFactory(String id, String displayType, String helpText,
            List<ProviderConfigProperty> configProperties, ConditionalAuthenticator singleton) {
        super(id, displayType, helpText, REQUIRED_OR_DISABLED, configProperties, singleton);
        this.singleton = singleton;
    }

    /** Keycloak's own category for conditions (the interface default, which the base class would hide). */
    @Override
    public final String getReferenceCategory() {
        return ConditionalAuthenticatorFactory.REFERENCE_CATEGORY;
    }

    @Override
    public final ConditionalAuthenticator getSingleton() {
        return singleton;
    }
}
