package io.keyward.keycloak.tap;

import java.time.Instant;

import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.UserModel;

/**
 * The events of a pass's life (SPEC §8), as Keycloak user events carrying {@code credential_type} and the Keyward
 * details below. Issue, use and consumption are {@code UPDATE_CREDENTIAL}, deletion {@code REMOVE_CREDENTIAL}, a
 * refused pass a {@code LOGIN_ERROR}. The pass itself is never a detail.
 */
public final class TemporaryAccessPassEvents {

    /** {@code issued}, {@code used} (multi-use), {@code consumed} (one-time), {@code deleted} or {@code refused}. */
    public static final String ACTION = "keyward_tap";
    /** Why a pass was refused: a {@link TemporaryAccessPassSignIn.Outcome} value, or {@code strengthInsufficient}. */
    public static final String REASON = "keyward_tap_reason";
    public static final String START = "keyward_tap_start";
    public static final String END = "keyward_tap_end";
    public static final String USABLE_ONCE = "keyward_tap_usable_once";
    /** The admin who issued or deleted the pass. */
    public static final String ADMIN = "keyward_tap_admin";

    static final String ISSUED = "issued";
    static final String USED = "used";
    static final String CONSUMED = "consumed";
    static final String DELETED = "deleted";
    static final String REFUSED = "refused";
    /** The reason of a TAP sign-in refused because the sign-in needs more than {@code mfa}. */
    static final String STRENGTH_INSUFFICIENT = "strengthInsufficient";

    private TemporaryAccessPassEvents() {
    }

    static void issued(EventBuilder event, UserModel user, TemporaryAccessPassCredentialModel pass, String admin) {
        TemporaryAccessPassCredentialModel.Data data = pass.data();
        event.event(EventType.UPDATE_CREDENTIAL)
                .user(user)
                .detail(Details.USERNAME, user.getUsername())
                .detail(Details.CREDENTIAL_TYPE, TemporaryAccessPassCredentialModel.TYPE)
                .detail(Details.CREDENTIAL_ID, pass.getId())
                .detail(ACTION, ISSUED)
                .detail(START, Instant.ofEpochMilli(data.startDateTime()).toString())
                .detail(END, Instant.ofEpochMilli(data.endDateTime()).toString())
                .detail(USABLE_ONCE, String.valueOf(data.isUsableOnce()))
                .detail(ADMIN, admin)
                .success();
    }

    static void deleted(EventBuilder event, UserModel user, String credentialId, String admin) {
        event.event(EventType.REMOVE_CREDENTIAL)
                .user(user)
                .detail(Details.USERNAME, user.getUsername())
                .detail(Details.CREDENTIAL_TYPE, TemporaryAccessPassCredentialModel.TYPE)
                .detail(Details.CREDENTIAL_ID, credentialId)
                .detail(ACTION, DELETED)
                .detail(ADMIN, admin)
                .success();
    }

    /** A sign-in accepted the pass: {@code consumed} for a one-time pass, {@code used} otherwise. */
    static void accepted(EventBuilder event, UserModel user, TemporaryAccessPassCredentialModel pass) {
        event.event(EventType.UPDATE_CREDENTIAL)
                .user(user)
                .detail(Details.USERNAME, user.getUsername())
                .detail(Details.CREDENTIAL_TYPE, TemporaryAccessPassCredentialModel.TYPE)
                .detail(Details.CREDENTIAL_ID, pass.getId())
                .detail(ACTION, pass.data().isUsableOnce() ? CONSUMED : USED)
                .success();
    }

    /** Adds the details of a refused pass to the sign-in's {@code LOGIN_ERROR}; the caller sends the error. */
    static EventBuilder refused(EventBuilder event, UserModel user, TemporaryAccessPassSignIn.Outcome outcome) {
        return event.user(user)
                .detail(Details.USERNAME, user.getUsername())
                .detail(Details.CREDENTIAL_TYPE, TemporaryAccessPassCredentialModel.TYPE)
                .detail(ACTION, REFUSED)
                .detail(REASON, outcome.value());
    }
}
