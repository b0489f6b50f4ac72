package io.keyward.keycloak.registration;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import io.keyward.keycloak.signin.MfaStrength;
import io.keyward.keycloak.signin.UserMethod;
import org.keycloak.authentication.requiredactions.WebAuthnPasswordlessRegisterFactory;
import org.keycloak.authentication.requiredactions.WebAuthnRegisterFactory;
import org.keycloak.models.UserModel;

/**
 * A method the combined registration offers, most secure first, with the required action that registers it and the
 * method of the vectors it becomes (SPEC §3.6). Email codes are registered by {@code keyward-email-otp-register},
 * offered only where that required action is registered and enabled, and only to a user with an email address (the
 * action can send a code nowhere else, and attached to a sign-in it has no way back to the chooser).
 */
public enum SecurityInfoMethod {
    PASSKEY("passkey", WebAuthnPasswordlessRegisterFactory.PROVIDER_ID, UserMethod.WEBAUTHN_PASSWORDLESS),
    SECURITY_KEY("securityKey", WebAuthnRegisterFactory.PROVIDER_ID, UserMethod.WEBAUTHN_2FA),
    AUTHENTICATOR_APP("authenticatorApp", UserModel.RequiredAction.CONFIGURE_TOTP.name(), UserMethod.OTP),
    EMAIL("email", "keyward-email-otp-register", UserMethod.EMAIL),
    RECOVERY_CODES("recoveryCodes", UserModel.RequiredAction.CONFIGURE_RECOVERY_AUTHN_CODES.name(),
            UserMethod.RECOVERY_CODES);

    private final String value;
    private final String requiredAction;
    private final UserMethod method;

    SecurityInfoMethod(String value, String requiredAction, UserMethod method) {
        this.value = value;
        this.requiredAction = requiredAction;
        this.method = method;
    }

    /** The value the wizard's form posts and its message keys end with. */
    public String value() {
        return value;
    }

    public String requiredAction() {
        return requiredAction;
    }

    public UserMethod method() {
        return method;
    }

    public static Optional<SecurityInfoMethod> parse(String value) {
        return Arrays.stream(values()).filter(candidate -> candidate.value.equals(value)).findFirst();
    }

    /** The methods of a list note (values), unknown entries left out. */
    public static List<SecurityInfoMethod> parseAll(Collection<String> values) {
        return values.stream().map(SecurityInfoMethod::parse).flatMap(Optional::stream).toList();
    }

    /** Whether a user with this email address ({@code null} or blank: none) can register the method. */
    public boolean registrableWith(String email) {
        return this != EMAIL || email != null && !email.isBlank();
    }

    /**
     * What the wizard offers: the methods the policy allows the user ({@code allowed}) that meet {@code strength},
     * whose required action is enabled in the realm and that the user can register ({@code email}: the account's
     * address, {@code null} without one), most secure first.
     */
    public static List<SecurityInfoMethod> offer(Collection<UserMethod> allowed, MfaStrength strength,
            Predicate<String> actionEnabled, String email) {
        return Arrays.stream(values())
                .filter(candidate -> allowed.contains(candidate.method) && candidate.method.meets(strength))
                .filter(candidate -> actionEnabled.test(candidate.requiredAction))
                .filter(candidate -> candidate.registrableWith(email))
                .toList();
    }

    /** The methods of {@code registrationTarget} ({@code fido2}, {@code softwareOath}) that a nudge offers. */
    public static List<SecurityInfoMethod> ofTarget(String registrationTarget) {
        return Arrays.stream(values())
                .filter(candidate -> candidate.method.policyMethod().equals(registrationTarget))
                .toList();
    }
}
