package io.keyward.keycloak.tap;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides an admin's request for a pass against the realm's TAP policy (SPEC §4): the pass it gives, or every
 * reason it refuses. Pure, so the rules are tested without a server.
 */
public final class TemporaryAccessPassIssue {

    /** A start may lie this far in the past (clock skew between the admin's machine and Keycloak). */
    static final Duration START_TOLERANCE = Duration.ofMinutes(5);

    /** What the admin asked for; null fields take the policy's defaults. */
    public record Request(Integer lifetimeInMinutes, Instant startDateTime, Boolean isUsableOnce, Integer length) {
    }

    /** The pass to create. */
    public record Pass(Instant start, Instant end, int lifetimeInMinutes, boolean isUsableOnce, int length) {
    }

    /** One refusal: a stable code, the JSON pointer of the request member at fault (or null) and a sentence. */
    public record Problem(String code, String target, String message) {
    }

    /** Either the pass or the problems, never both. */
    public record Decision(Optional<Pass> pass, List<Problem> problems) {
        static Decision refused(Problem problem) {
            return new Decision(Optional.empty(), List.of(problem));
        }
    }

    public static final String DISABLED = "temporaryAccessPassDisabled";
    public static final String NOT_IN_TARGETS = "userNotInTargets";
    public static final String LIFETIME_OUT_OF_POLICY = "lifetimeOutOfPolicy";
    public static final String LENGTH_OUT_OF_POLICY = "lengthOutOfPolicy";
    public static final String START_IN_PAST = "startDateTimeInPast";

    private TemporaryAccessPassIssue() {
    }

    /**
     * The pass for {@code request}, or why not. {@code policy} is empty when the realm's policy does not enable the
     * TAP; {@code userTargeted} is whether the user is among the policy's targets.
     */
    public static Decision decide(Optional<TemporaryAccessPassPolicy> policy, boolean userTargeted, Request request,
            Instant now) {
        if (policy.isEmpty()) {
            return Decision.refused(new Problem(DISABLED, null,
                    "The Temporary Access Pass is not enabled by this realm's Keyward policy."));
        }
        if (!userTargeted) {
            return Decision.refused(new Problem(NOT_IN_TARGETS, null,
                    "The user is not among the targets of this realm's Temporary Access Pass policy."));
        }
        TemporaryAccessPassPolicy rules = policy.get();
        List<Problem> problems = new ArrayList<>();

        int lifetime = request.lifetimeInMinutes() == null ? rules.defaultLifetimeInMinutes()
                : request.lifetimeInMinutes();
        if (lifetime < rules.minimumLifetimeInMinutes() || lifetime > rules.maximumLifetimeInMinutes()) {
            problems.add(new Problem(LIFETIME_OUT_OF_POLICY, "/lifetimeInMinutes",
                    "lifetimeInMinutes must lie between " + rules.minimumLifetimeInMinutes() + " and "
                            + rules.maximumLifetimeInMinutes() + " (the realm's TAP policy); got " + lifetime + "."));
        }

        int length = request.length() == null ? rules.defaultLength() : request.length();
        if (length < TemporaryAccessPassCode.MIN_LENGTH || length > TemporaryAccessPassCode.MAX_LENGTH) {
            problems.add(new Problem(LENGTH_OUT_OF_POLICY, "/length",
                    "length must lie between " + TemporaryAccessPassCode.MIN_LENGTH + " and "
                            + TemporaryAccessPassCode.MAX_LENGTH + " characters; got " + length + "."));
        }

        Instant start = request.startDateTime() == null ? now : request.startDateTime();
        if (start.isBefore(now.minus(START_TOLERANCE))) {
            problems.add(new Problem(START_IN_PAST, "/startDateTime",
                    "startDateTime " + start + " lies in the past; leave it out to start now."));
        }

        if (!problems.isEmpty()) {
            return new Decision(Optional.empty(), problems);
        }
        boolean once = request.isUsableOnce() == null ? rules.isUsableOnce() : request.isUsableOnce();
        return new Decision(Optional.of(new Pass(start, start.plus(Duration.ofMinutes(lifetime)), lifetime, once,
                length)), List.of());
    }
}
