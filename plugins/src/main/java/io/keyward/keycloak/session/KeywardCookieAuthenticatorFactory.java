package io.keyward.keycloak.session;

import java.util.List;

import io.keyward.keycloak.signin.KeywardAuthenticatorFactory;

public final class KeywardCookieAuthenticatorFactory extends KeywardAuthenticatorFactory {

    public static final String PROVIDER_ID = "keyward-cookie";

    public KeywardCookieAuthenticatorFactory() {
        super(PROVIDER_ID,
                "Keyward SSO cookie",
                "SSO from the identity cookie as a first factor: the requirement steps still run, MFA asks for what is missing.",
                ALTERNATIVE_OR_DISABLED,
                List.of(),
                KeywardCookieAuthenticator.SINGLETON);
    }
}
