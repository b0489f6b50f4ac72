package io.keyward.keycloak.tap;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

import io.keyward.keycloak.signin.AuthenticationMethodsPolicy.Targets;
import org.keycloak.authentication.requiredactions.WebAuthnPasswordlessRegisterFactory;
import org.keycloak.models.UserModel;

/**
 * What a user signed in with a pass can register before finishing the sign-in, each through Keycloak's own
 * required action, and the policy method that must allow it.
 */
enum OnboardingMethod {
    PASSKEY("passkey", WebAuthnPasswordlessRegisterFactory.PROVIDER_ID, TemporaryAccessPassPolicy::passkeys),
    AUTHENTICATOR_APP("authenticatorApp", UserModel.RequiredAction.CONFIGURE_TOTP.name(),
            TemporaryAccessPassPolicy::authenticatorApps);

    private final String value;
    private final String requiredAction;
    private final Function<TemporaryAccessPassPolicy, Targets> targets;

    OnboardingMethod(String value, String requiredAction, Function<TemporaryAccessPassPolicy, Targets> targets) {
        this.value = value;
        this.requiredAction = requiredAction;
        this.targets = targets;
    }

    /** The form value the onboarding page posts. */
    String value() {
        return value;
    }

    String requiredAction() {
        return requiredAction;
    }

    Targets targets(TemporaryAccessPassPolicy policy) {
        return targets.apply(policy);
    }

    static Optional<OnboardingMethod> parse(String value) {
        return Arrays.stream(values()).filter(method -> method.value.equals(value)).findFirst();
    }
}
