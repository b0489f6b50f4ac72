package io.keyward.keycloak.email;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Sends through Keycloak's email sender with the realm's SMTP settings and the realm's email theme (the compiler sets
 * it to {@code keyward}, whose {@code keyward-email-otp.ftl} templates hold the text, in the user's locale).
 */
final class KeycloakEmailOtpSender implements EmailOtpSender {

    static final String TEMPLATE = "keyward-email-otp.ftl";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final UserModel user;
    private final AuthenticationSessionModel authSession;

    KeycloakEmailOtpSender(KeycloakSession session, RealmModel realm, UserModel user,
            AuthenticationSessionModel authSession) {
        this.session = session;
        this.realm = realm;
        this.user = user;
        this.authSession = authSession;
    }

    @Override
    public void send(String address, String code, int lifetimeInMinutes, Purpose purpose) throws EmailException {
        String realmName = realm.getDisplayName() == null || realm.getDisplayName().isBlank()
                ? realm.getName() : realm.getDisplayName();
        // Mutable: Keycloak adds the locale, messages and theme properties to it.
        Map<String, Object> attributes = new HashMap<>(Map.of("code", code, "lifetimeInMinutes", lifetimeInMinutes,
                "registration", purpose == Purpose.REGISTRATION, "organisation", realmName));
        session.getProvider(EmailTemplateProvider.class)
                .setRealm(realm)
                .setUser(user)
                .setAuthenticationSession(authSession)
                .send(purpose.subjectKey(), List.of(realmName), TEMPLATE, attributes, address);
    }
}
