package io.keyward.keycloak.events;

import io.keyward.keycloak.signin.KeywardRequiredActionFactory;

public final class SignInDetailsRequiredActionFactory extends KeywardRequiredActionFactory {

    public static final String PROVIDER_ID = "keyward-sign-in-details";

    public SignInDetailsRequiredActionFactory() {
        super(PROVIDER_ID, "Keyward sign-in details (enable; never assign to users)",
                SignInDetailsRequiredAction.SINGLETON);
    }
}
