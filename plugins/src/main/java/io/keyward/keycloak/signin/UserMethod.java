package io.keyward.keycloak.signin;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.credential.RecoveryAuthnCodesCredentialModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;

/**
 * A registered MFA method as the shared vectors name it, with the Keycloak credential type behind it and the
 * strengths it meets on its own (SPEC §3.5). Email codes are Keyward's own credential type (package {@code email}).
 */
public enum UserMethod {
    OTP("otp", OTPCredentialModel.TYPE, "softwareOath", EnumSet.of(MfaStrength.MFA)),
    WEBAUTHN_PASSWORDLESS("webauthn-passwordless", WebAuthnCredentialModel.TYPE_PASSWORDLESS, "fido2",
            EnumSet.allOf(MfaStrength.class)),
    WEBAUTHN_2FA("webauthn-2fa", WebAuthnCredentialModel.TYPE_TWOFACTOR, "fido2",
            EnumSet.of(MfaStrength.MFA, MfaStrength.PHISHING_RESISTANT_MFA)),
    RECOVERY_CODES("recovery-codes", RecoveryAuthnCodesCredentialModel.TYPE, "recoveryCodes",
            EnumSet.of(MfaStrength.MFA)),
    EMAIL("email", "keyward-email-otp", "email", EnumSet.of(MfaStrength.MFA));

    private final String value;
    private final String credentialType;
    private final String policyMethod;
    private final Set<MfaStrength> strengths;

    UserMethod(String value, String credentialType, String policyMethod, Set<MfaStrength> strengths) {
        this.value = value;
        this.credentialType = credentialType;
        this.policyMethod = policyMethod;
        this.strengths = strengths;
    }

    public String value() {
        return value;
    }

    /** The method of the authentication methods policy that governs it: softwareOath, fido2, recoveryCodes, email. */
    public String policyMethod() {
        return policyMethod;
    }

    /** The strengths this method meets on its own. */
    public Set<MfaStrength> strengths() {
        return strengths;
    }

    /** Whether Keycloak stores this method as a credential (so a registration can be checked against it). */
    public boolean isStoredAsCredential() {
        return credentialType != null;
    }

    public boolean meets(MfaStrength strength) {
        return strengths.contains(strength);
    }

    public static Optional<UserMethod> parse(String value) {
        return Arrays.stream(values()).filter(method -> method.value.equals(value)).findFirst();
    }

    /** The method behind a Keycloak credential type; empty for the password and other non-MFA types. */
    public static Optional<UserMethod> ofCredentialType(String credentialType) {
        return Arrays.stream(values())
                .filter(method -> method.credentialType != null && method.credentialType.equals(credentialType))
                .findFirst();
    }
}
