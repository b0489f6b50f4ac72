package io.keyward.keycloak.signin;

import java.util.Arrays;
import java.util.Optional;

import org.keycloak.OAuth2Constants;
import org.keycloak.http.HttpRequest;

/** The client app type of a sign-in, as in Entra: an interactive browser flow or a legacy client (the password grant). */
public enum ClientAppType {
    BROWSER("browser"),
    OTHER("other");

    private final String value;

    ClientAppType(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<ClientAppType> parse(String value) {
        return Arrays.stream(values()).filter(type -> type.value.equals(value)).findFirst();
    }

    /** The direct grant is the only user sign-in that carries {@code grant_type=password}; everything else is a browser. */
    public static ClientAppType ofGrantType(String grantType) {
        return OAuth2Constants.PASSWORD.equals(grantType) ? OTHER : BROWSER;
    }

    public static ClientAppType of(HttpRequest request) {
        return ofGrantType(request.getDecodedFormParameters().getFirst(OAuth2Constants.GRANT_TYPE));
    }
}
