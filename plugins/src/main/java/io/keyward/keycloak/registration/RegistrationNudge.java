package io.keyward.keycloak.registration;

import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

import io.keyward.keycloak.signin.UserMethod;

/** Whether a user who just did MFA is nudged towards the campaign's target method, as a pure function (SPEC §3.6). */
final class RegistrationNudge {

    private RegistrationNudge() {
    }

    /**
     * The target's methods to offer: empty unless the campaign targets the user and names a method ({@code any} does
     * not nudge), MFA was done with a credential in this sign-in ({@code usedMethods}), the user has none of the
     * target's methods yet, and the policy allows them with their registration action enabled.
     */
    static List<SecurityInfoMethod> offer(RegistrationCampaign campaign, boolean targeted,
            Collection<UserMethod> usedMethods, Collection<UserMethod> registered, Collection<UserMethod> allowed,
            Predicate<String> actionEnabled) {
        if (!campaign.enabled() || !targeted || usedMethods.isEmpty() || "any".equals(campaign.targetMethod())) {
            return List.of();
        }
        List<SecurityInfoMethod> target = SecurityInfoMethod.ofTarget(campaign.targetMethod());
        if (target.stream().anyMatch(method -> registered.contains(method.method()))) {
            return List.of();
        }
        return target.stream()
                .filter(method -> allowed.contains(method.method()))
                .filter(method -> actionEnabled.test(method.requiredAction()))
                .toList();
    }
}
