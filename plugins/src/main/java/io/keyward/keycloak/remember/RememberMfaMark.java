package io.keyward.keycloak.remember;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.keycloak.representations.JsonWebToken;

/**
 * The remember-MFA mark: a token of category {@code INTERNAL}, signed with the realm's active key by Keycloak's token
 * manager, held in a cookie. {@code iss} is the realm id, {@code sub} the user id, {@code ver} the user's MFA session
 * version when the mark was issued; {@code iat} and {@code exp} bound its life.
 */
public final class RememberMfaMark extends JsonWebToken {

    /** The {@code typ} of every mark; any other realm-signed token (an access token, say) is not a mark. */
    public static final String TYPE = "keyward-remember-mfa";

    @JsonProperty("ver")
    private Long version;

    public Long getVersion() {
        return version;
    }

    public RememberMfaMark version(Long version) {
        this.version = version;
        return this;
    }
}
