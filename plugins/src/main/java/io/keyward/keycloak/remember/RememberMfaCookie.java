package io.keyward.keycloak.remember;

import java.util.Optional;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.RealmsResource;
import org.keycloak.utils.SecureContextResolver;

/**
 * The edge between the mark and the browser: reads the user's mark cookie and verifies its signature with the
 * realm's keys (Keycloak's token manager), and writes a new one. No state outside the cookie and the user's
 * attribute, so any node of a cluster decides the same.
 */
final class RememberMfaCookie {

    /** Stands for a cookie that did not verify; {@link RememberMfa#check} finds it tampered (no {@code typ}). */
    private static final RememberMfaMark INVALID = new RememberMfaMark();

    private RememberMfaCookie() {
    }

    /** Empty when the browser holds no mark for this user; a present but unverifiable mark decodes to null. */
    static Optional<RememberMfaMark> read(AuthenticationFlowContext context) {
        Cookie cookie = context.getHttpRequest().getHttpHeaders().getCookies()
                .get(RememberMfa.cookieName(context.getRealm().getId(), context.getUser().getId()));
        if (cookie == null) {
            return Optional.empty();
        }
        return Optional.of(Optional.ofNullable(context.getSession().tokens().decode(cookie.getValue(),
                RememberMfaMark.class)).orElse(INVALID));
    }

    /** Signs a mark for the user and sets it: HttpOnly, SameSite=Lax, Secure in a secure context, realm path. */
    static void write(KeycloakSession session, RealmModel realm, UserModel user, long version, int days,
            long nowSeconds) {
        long lifetime = days * RememberMfa.SECONDS_PER_DAY;
        RememberMfaMark mark = new RememberMfaMark().version(version);
        mark.type(RememberMfaMark.TYPE);
        mark.issuer(realm.getId());
        mark.subject(user.getId());
        mark.iat(nowSeconds);
        mark.exp(nowSeconds + lifetime);
        String path = RealmsResource.realmBaseUrl(session.getContext().getUri()).path("/").build(realm.getName())
                .getRawPath();
        NewCookie cookie = new NewCookie.Builder(RememberMfa.cookieName(realm.getId(), user.getId()))
                .value(session.tokens().encode(mark))
                .path(path)
                .maxAge((int) lifetime)
                .httpOnly(true)
                .secure(SecureContextResolver.isSecureContext(session))
                .sameSite(NewCookie.SameSite.LAX)
                .build();
        session.getContext().getHttpResponse().setCookieIfAbsent(cookie);
    }
}
