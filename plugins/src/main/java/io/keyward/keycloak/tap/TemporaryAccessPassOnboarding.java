package io.keyward.keycloak.tap;

import io.keyward.keycloak.signin.MfaNotes;
import io.keyward.keycloak.signin.MfaStrength;

/**
 * What follows a sign-in, once every source has recorded its MFA requirement: nothing for a sign-in without a pass;
 * for a TAP sign-in, a refusal when a stronger strength than {@code mfa} is required (a pass is not phishing
 * resistant, and registering a key after a phished pass would make it look so), else the offer to register a method.
 */
public final class TemporaryAccessPassOnboarding {

    public enum Decision {
        NOT_A_PASS_SIGN_IN,
        REFUSE_STRENGTH,
        ONBOARD
    }

    private TemporaryAccessPassOnboarding() {
    }

    /** From the sign-in's notes: {@code keyward.mfa.method}, {@code keyward.mfa.requiredBy}, {@code keyward.mfa.strength}. */
    public static Decision decide(String methodNote, String requiredByNote, String strengthNote) {
        if (!TemporaryAccessPassAuthenticator.METHOD_TAP.equals(methodNote)) {
            return Decision.NOT_A_PASS_SIGN_IN;
        }
        boolean required = !MfaNotes.sources(requiredByNote).isEmpty();
        boolean strongerThanMfa = MfaNotes.requiredStrength(strengthNote) != MfaStrength.MFA;
        return required && strongerThanMfa ? Decision.REFUSE_STRENGTH : Decision.ONBOARD;
    }
}
