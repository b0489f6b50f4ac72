package io.keyward.keycloak.registration;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One user's snoozes of the registration campaign, kept in an admin-only user attribute as
 * {@code {"snoozes": n, "snoozedUntil": "ISO-8601"}}: how many "Not now" the user chose and until when the last one
 * holds. The decisions are pure (SPEC §3.6).
 */
public record Snooze(int snoozes, Instant snoozedUntil) {

    /** The attribute of the registration grace (users without a method). */
    public static final String REGISTRATION_ATTRIBUTE = "keyward.registrationSnooze";
    /** The attribute of the nudge towards the campaign's target method. */
    public static final String NUDGE_ATTRIBUTE = "keyward.nudgeSnooze";

    public static final Snooze NONE = new Snooze(0, Instant.EPOCH);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What the campaign does with a user it targets at this sign-in. */
    public enum Kind {
        /** A snooze holds: no prompt. */
        ACTIVE,
        /** Prompt with "Not now". */
        OFFER,
        /** Prompt without "Not now": the snoozes are used up and registration is enforced. */
        MANDATORY
    }

    /** {@code snoozesLeft}: empty when unlimited (the campaign does not enforce registration). */
    public record Decision(Kind kind, Optional<Integer> snoozesLeft) {
    }

    /** The stored value; a value that cannot be read counts as every snooze used (fail closed), and is logged. */
    public static Optional<Snooze> parse(String attribute) {
        if (attribute == null || attribute.isBlank()) {
            return Optional.of(NONE);
        }
        try {
            JsonNode node = MAPPER.readTree(attribute);
            JsonNode count = node.get("snoozes");
            JsonNode until = node.get("snoozedUntil");
            if (count == null || !count.canConvertToInt() || count.asInt() < 0 || until == null || !until.isTextual()) {
                return Optional.empty();
            }
            return Optional.of(new Snooze(count.asInt(), Instant.parse(until.asText())));
        } catch (java.io.IOException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public String format() {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("snoozes", snoozes);
        node.put("snoozedUntil", snoozedUntil.toString());
        return node.toString();
    }

    /** The state after one more "Not now" at {@code now}. */
    public Snooze taken(Instant now, int snoozeDurationInDays) {
        return new Snooze(snoozes + 1, now.plus(Duration.ofDays(snoozeDurationInDays)));
    }

    /**
     * {@code stored}: empty when the attribute could not be read. A snooze that holds wins; otherwise "Not now" is
     * offered while snoozes are left (or always, when the campaign does not enforce registration).
     */
    public static Decision decide(RegistrationCampaign campaign, Optional<Snooze> stored, Instant now) {
        if (stored.isEmpty()) {
            return new Decision(Kind.MANDATORY, Optional.of(0));
        }
        Snooze snooze = stored.get();
        if (snooze.snoozes > 0 && now.isBefore(snooze.snoozedUntil)) {
            return new Decision(Kind.ACTIVE, Optional.empty());
        }
        if (!campaign.enforceRegistrationAfterAllowedSnoozes()) {
            return new Decision(Kind.OFFER, Optional.empty());
        }
        int left = Math.max(0, campaign.allowedSnoozes() - snooze.snoozes);
        return new Decision(left > 0 ? Kind.OFFER : Kind.MANDATORY, Optional.of(left));
    }

    /**
     * Grace (a "Not now" that skips MFA) only for a rollout: every source is security defaults or per-user
     * {@code enabled} — never an enabled Conditional Access policy, per-user {@code enforced} or an evaluation error —
     * and never for a privileged user (SPEC §3.1, §3.6).
     */
    public static boolean graceAllowed(List<String> sources, boolean privileged) {
        return !privileged && !sources.isEmpty()
                && sources.stream().allMatch(source -> source.equals("securityDefaults")
                        || source.equals("perUser:enabled"));
    }
}
