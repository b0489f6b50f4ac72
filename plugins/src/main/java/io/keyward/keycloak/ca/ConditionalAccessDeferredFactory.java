package io.keyward.keycloak.ca;

import java.util.List;

import io.keyward.keycloak.signin.KeywardAuthenticatorFactory;

public final class ConditionalAccessDeferredFactory extends KeywardAuthenticatorFactory {

    public static final String PROVIDER_ID = "keyward-ca-deferred";

    public ConditionalAccessDeferredFactory() {
        super(PROVIDER_ID,
                "Keyward Conditional Access - deferred (direct grant)",
                "Direct grant, after the password: the Conditional Access policies that depend on the user.",
                REQUIRED_OR_DISABLED,
                List.of(),
                ConditionalAccessDeferred.SINGLETON);
    }
}
