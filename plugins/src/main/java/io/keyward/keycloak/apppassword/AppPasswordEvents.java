package io.keyward.keycloak.apppassword;

import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The events of an app password's life, as Keycloak user events with {@code credential_type=keyward-app-password}
 * and the details below: created ({@code UPDATE_CREDENTIAL}), deleted and revoked ({@code REMOVE_CREDENTIAL}), a
 * refused use (details on the sign-in's {@code LOGIN_ERROR}). The password itself is never a detail.
 */
public final class AppPasswordEvents {

    /** {@code created}, {@code deleted}, {@code revoked}, {@code used} or {@code refused}. */
    public static final String ACTION = "keyward_app_password";
    /** Why a use was refused (an {@link AppPasswordEligibility.Refusal} value, or {@code invalid}) or why revoked. */
    public static final String REASON = "keyward_app_password_reason";
    /** The name the user gave it. */
    public static final String NAME = "keyward_app_password_name";
    /** Who created or deleted it through the REST endpoint. */
    public static final String ADMIN = "keyward_app_password_admin";

    static final String CREATED = "created";
    static final String DELETED = "deleted";
    static final String REVOKED = "revoked";
    static final String USED = "used";
    static final String REFUSED = "refused";
    /** A value shaped like an app password matched none of the user's. */
    static final String INVALID = "invalid";

    private AppPasswordEvents() {
    }

    static void created(EventBuilder event, UserModel user, AppPasswordCredentialModel model, String admin) {
        of(event.event(EventType.UPDATE_CREDENTIAL), user, model).detail(ACTION, CREATED).detail(ADMIN, admin)
                .success();
    }

    static void deleted(EventBuilder event, UserModel user, AppPasswordCredentialModel model, String admin) {
        of(event.event(EventType.REMOVE_CREDENTIAL), user, model).detail(ACTION, DELETED).detail(ADMIN, admin)
                .success();
    }

    static void revoked(KeycloakSession session, RealmModel realm, UserModel user, AppPasswordCredentialModel model,
            String reason) {
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection());
        of(event.event(EventType.REMOVE_CREDENTIAL), user, model).detail(ACTION, REVOKED).detail(REASON, reason)
                .success();
    }

    /** Adds the details of an accepted app password to the sign-in's event. */
    static void used(EventBuilder event, AppPasswordCredentialModel model) {
        event.detail(Details.CREDENTIAL_TYPE, AppPasswordCredentialModel.TYPE)
                .detail(Details.CREDENTIAL_ID, model.getId())
                .detail(NAME, model.displayName())
                .detail(ACTION, USED);
    }

    /** Adds the details of a refused app password to the sign-in's {@code LOGIN_ERROR}; the caller sends the error. */
    static EventBuilder refused(EventBuilder event, UserModel user, String reason) {
        return event.user(user)
                .detail(Details.USERNAME, user.getUsername())
                .detail(Details.CREDENTIAL_TYPE, AppPasswordCredentialModel.TYPE)
                .detail(ACTION, REFUSED)
                .detail(REASON, reason);
    }

    private static EventBuilder of(EventBuilder event, UserModel user, AppPasswordCredentialModel model) {
        return event.user(user)
                .detail(Details.USERNAME, user.getUsername())
                .detail(Details.CREDENTIAL_TYPE, AppPasswordCredentialModel.TYPE)
                .detail(Details.CREDENTIAL_ID, model.getId())
                .detail(NAME, model.displayName());
    }
}
