package io.keyward.keycloak.registration;

import io.keyward.keycloak.signin.KeywardRequiredActionFactory;

public final class SecurityInfoSummaryRequiredActionFactory extends KeywardRequiredActionFactory {

    public SecurityInfoSummaryRequiredActionFactory() {
        super(SecurityInfo.SUMMARY, "Keyward security info: summary (enable; attached by Keyward)",
                SecurityInfoSummaryRequiredAction.SINGLETON);
    }
}
