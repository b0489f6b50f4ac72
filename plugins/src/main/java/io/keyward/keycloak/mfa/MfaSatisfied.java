package io.keyward.keycloak.mfa;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.keyward.keycloak.signin.MfaNotes;
import io.keyward.keycloak.signin.MfaStrength;
import io.keyward.keycloak.signin.NoteLists;
import io.keyward.keycloak.signin.RegistrationNotes;
import io.keyward.keycloak.signin.UserMethod;

/** Whether the MFA step reached the recorded strength, as a pure function of the sign-in's notes. */
final class MfaSatisfied {

    private MfaSatisfied() {
    }

    /**
     * True when the registration attached in this sign-in registers a method that meets {@code required}, or a
     * credential used in this sign-in does and the methods policy allows it for the user ({@code allowedNote}), or
     * the strength was satisfied before the MFA step, or the combined registration takes over ({@code register}: the
     * wizard offers only methods that meet the strength and lets the sign-in finish only after one was registered;
     * {@code snoozed}: the campaign's grace, granted only where SPEC §3.6 allows it).
     */
    static boolean isSatisfied(MfaStrength required, String methodNote, List<String> authnCredentials,
            String allowedNote, String satisfiedNote, String registrationModeNote) {
        if (RegistrationNotes.replacesSecondFactor(registrationModeNote)) {
            return true;
        }
        if (MfaNotes.registration(methodNote).isPresent()) {
            return MfaNotes.registration(methodNote).get().meets(required);
        }
        Set<UserMethod> allowed = EnumSet.noneOf(UserMethod.class);
        NoteLists.items(allowedNote).forEach(value -> UserMethod.parse(value).ifPresent(allowed::add));
        boolean used = MfaNotes.usedMethods(authnCredentials).stream()
                .anyMatch(method -> allowed.contains(method) && method.meets(required));
        return used || MfaStrength.parseList(satisfiedNote).contains(required);
    }
}
