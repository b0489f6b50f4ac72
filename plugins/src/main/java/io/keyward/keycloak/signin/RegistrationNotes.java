package io.keyward.keycloak.signin;

import java.util.LinkedHashMap;
import java.util.Map;

import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The authentication-session notes of the combined registration ("Keep your account secure") and the registration
 * campaign, written by {@code keyward-mfa-registration} and {@code keyward-registration-nudge}, read by the wizard's
 * required actions, the MFA steps and the sign-in event (docs/architecture.md, "Combined registration").
 */
public final class RegistrationNotes {

    /** {@code register} (MFA through a new method), {@code nudge} (after MFA), {@code snoozed} (grace: no MFA now). */
    public static final String MODE = "keyward.registration.mode";
    public static final String MODE_REGISTER = "register";
    public static final String MODE_NUDGE = "nudge";
    public static final String MODE_SNOOZED = "snoozed";

    /** The wizard's methods on offer (values of the chooser's form), most secure first. */
    public static final String OFFER = "keyward.registration.offer";
    /** The methods chosen in this sign-in; the summary tells which of them were registered. */
    public static final String CHOSEN = "keyward.registration.chosen";
    /** The methods registered in this sign-in, as the summary found them. */
    public static final String REGISTERED = "keyward.registration.registered";
    /** The user's MFA methods (vector names) before the wizard started. */
    public static final String BEFORE = "keyward.registration.before";
    /** Snoozes left: a number, {@code unlimited}, or absent when "Not now" is not offered. */
    public static final String SNOOZES_LEFT = "keyward.registration.snoozesLeft";
    public static final String UNLIMITED = "unlimited";
    /** {@code snoozeDurationInDays} of the campaign, for the chooser. */
    public static final String SNOOZE_DAYS = "keyward.registration.snoozeDays";

    /** What this sign-in did with a snooze: {@code registration} / {@code nudge} (taken now), {@code active}. */
    public static final String SNOOZE = "keyward.registration.snooze";
    public static final String SNOOZE_REGISTRATION = "registration";
    public static final String SNOOZE_NUDGE = "nudge";
    public static final String SNOOZE_ACTIVE = "active";
    public static final String SNOOZES_USED = "keyward.registration.snoozesUsed";
    public static final String SNOOZED_UNTIL = "keyward.registration.snoozedUntil";

    /** Event details ({@code LOGIN}): the snooze taken or holding in this sign-in. */
    public static final String DETAIL_SNOOZE = "keyward_snooze";
    public static final String DETAIL_SNOOZES_USED = "keyward_snoozes_used";
    public static final String DETAIL_SNOOZED_UNTIL = "keyward_snoozed_until";

    private RegistrationNotes() {
    }

    /** True while the sign-in's MFA is a registration in progress or waived by a snooze (no second factor asked). */
    public static boolean replacesSecondFactor(String modeNote) {
        return MODE_REGISTER.equals(modeNote) || MODE_SNOOZED.equals(modeNote);
    }

    /** The snooze details of the sign-in held by {@code authSession}; empty when no snooze was taken or held. */
    public static Map<String, String> details(AuthenticationSessionModel authSession) {
        Map<String, String> details = new LinkedHashMap<>();
        String snooze = authSession.getAuthNote(SNOOZE);
        if (snooze != null) {
            details.put(DETAIL_SNOOZE, snooze);
            putIfPresent(details, DETAIL_SNOOZES_USED, authSession.getAuthNote(SNOOZES_USED));
            putIfPresent(details, DETAIL_SNOOZED_UNTIL, authSession.getAuthNote(SNOOZED_UNTIL));
        }
        return details;
    }

    private static void putIfPresent(Map<String, String> details, String key, String value) {
        if (value != null) {
            details.put(key, value);
        }
    }
}
