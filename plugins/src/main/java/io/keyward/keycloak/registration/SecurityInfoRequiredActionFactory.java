package io.keyward.keycloak.registration;

import io.keyward.keycloak.signin.KeywardRequiredActionFactory;

public final class SecurityInfoRequiredActionFactory extends KeywardRequiredActionFactory {

    public SecurityInfoRequiredActionFactory() {
        super(SecurityInfo.CHOOSER, "Keyward security info: choose a method (enable; attached by Keyward)",
                SecurityInfoRequiredAction.SINGLETON);
    }
}
