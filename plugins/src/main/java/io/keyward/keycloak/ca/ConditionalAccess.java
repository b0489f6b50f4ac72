package io.keyward.keycloak.ca;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.keyward.keycloak.ca.ConditionalAccessPolicy.GrantControls;
import io.keyward.keycloak.ca.ConditionalAccessPolicy.Locations;
import io.keyward.keycloak.ca.ConditionalAccessPolicy.State;
import io.keyward.keycloak.ca.ConditionalAccessPolicy.Users;
import io.keyward.keycloak.signin.ClientAppType;
import io.keyward.keycloak.signin.GroupPaths;
import io.keyward.keycloak.signin.MfaStrength;

/**
 * SPEC §3.3: whether one Conditional Access policy applies to a sign-in, the first condition that failed, and what
 * it asks. Pure; the Keycloak steps unpack the sign-in at the edge. Shared vectors: test/vectors/sign-in.json.
 */
public final class ConditionalAccess {

    /** The conditions, in the order SPEC §3.3 checks them. */
    public enum Condition {
        USERS("users"),
        APPLICATIONS("applications"),
        LOCATIONS("locations"),
        CLIENT_APP_TYPES("clientAppTypes"),
        PLATFORMS("platforms");

        private final String value;

        Condition(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    /** What an applicable policy asks of the sign-in. */
    public enum Result {
        NONE("none"),
        MFA("mfa"),
        BLOCK("block"),
        PASSWORD_CHANGE("passwordChange"),
        MFA_AND_PASSWORD_CHANGE("mfaAndPasswordChange");

        private final String value;

        Result(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        public boolean asksPasswordChange() {
            return this == PASSWORD_CHANGE || this == MFA_AND_PASSWORD_CHANGE;
        }
    }

    /**
     * The user's roles that matter: realm role names and client roles as {@code client/role}. A reference with a
     * slash is a client role, so a realm role never matches a client role of the same name.
     */
    public record UserRoles(Set<String> realmRoles, Set<String> clientRoles) {

        public boolean has(String reference) {
            return reference.contains("/") ? clientRoles.contains(reference) : realmRoles.contains(reference);
        }
    }

    /** The user as Keycloak knows them: username, direct group paths, roles. */
    public record User(String username, Collection<String> groups, UserRoles roles) {
    }

    /**
     * One sign-in. {@code user} is null on the direct grant before the username was checked; {@code platform} is
     * empty when the User-Agent names none.
     */
    public record SignIn(User user, String clientId, String ip, ClientAppType clientAppType,
            Optional<DevicePlatform> platform) {
    }

    /**
     * A policy's part in a sign-in. {@code evaluationError}: an enabled policy could not be decided (fail closed).
     * {@code dependsOnUser}: the user was not known and every other condition matched or could not be decided.
     */
    public record Evaluation(String name, State state, boolean applied, Condition failedCondition, Result result,
            MfaStrength strength, boolean evaluationError, boolean dependsOnUser) {

        public boolean isEnforced() {
            return state == State.ENABLED;
        }
    }

    private record Requirement(Result result, MfaStrength strength) {
    }

    private ConditionalAccess() {
    }

    public static Evaluation evaluate(ConditionalAccessPolicy policy, List<NamedLocation> namedLocations,
            SignIn signIn) {
        Boolean users = signIn.user() == null
                ? (policy.users().coversEveryone() ? Boolean.TRUE : null)
                : Boolean.valueOf(usersMatch(policy.users(), signIn.user()));
        if (Boolean.FALSE.equals(users)) {
            return notApplied(policy, Condition.USERS, false);
        }
        Condition failed = null;
        boolean undecided = false;
        if (!applicationsMatch(policy, signIn.clientId())) {
            failed = Condition.APPLICATIONS;
        } else {
            Optional<Boolean> located = locationsMatch(policy.locations(), namedLocations, signIn.ip());
            if (located.isEmpty()) {
                undecided = true;
            } else if (!located.get()) {
                failed = Condition.LOCATIONS;
            } else if (!clientAppTypesMatch(policy.clientAppTypes(), signIn.clientAppType())) {
                failed = Condition.CLIENT_APP_TYPES;
            } else if (!platformsMatch(policy.platforms(), signIn.platform())) {
                failed = Condition.PLATFORMS;
            }
        }
        if (users == null && failed == null) {
            return new Evaluation(policy.displayName(), policy.state(), false, null, Result.NONE, null, false, true);
        }
        if (failed != null) {
            return notApplied(policy, failed, false);
        }
        if (undecided) {
            return notApplied(policy, Condition.LOCATIONS, policy.state() == State.ENABLED);
        }
        Requirement requirement = requirementOf(policy.grantControls());
        return new Evaluation(policy.displayName(), policy.state(), true, null, requirement.result(),
                requirement.strength(), false, false);
    }

    private static Evaluation notApplied(ConditionalAccessPolicy policy, Condition failed, boolean evaluationError) {
        return new Evaluation(policy.displayName(), policy.state(), false, failed, Result.NONE, null,
                evaluationError, false);
    }

    /** Included by name, group or role; excluded likewise; exclusion wins. Usernames compare case-insensitively. */
    static boolean usersMatch(Users users, User user) {
        boolean excluded = named(users.excludeUsers(), user.username())
                || users.excludeGroups().stream().anyMatch(path -> GroupPaths.isWithin(user.groups(), path))
                || users.excludeRoles().stream().anyMatch(user.roles()::has);
        if (excluded) {
            return false;
        }
        return users.includeUsers().contains(ConditionalAccessPolicy.ALL)
                || named(users.includeUsers(), user.username())
                || users.includeGroups().stream().anyMatch(path -> GroupPaths.isWithin(user.groups(), path))
                || users.includeRoles().stream().anyMatch(user.roles()::has);
    }

    private static boolean named(List<String> usernames, String username) {
        return usernames.stream().anyMatch(name -> name.equalsIgnoreCase(username));
    }

    private static boolean applicationsMatch(ConditionalAccessPolicy policy, String clientId) {
        List<String> include = policy.applications().includeApplications();
        return !policy.applications().excludeApplications().contains(clientId)
                && (include.contains(ConditionalAccessPolicy.ALL) || include.contains(clientId));
    }

    /** Empty when the condition needs the client address and it cannot be read (fail closed). */
    static Optional<Boolean> locationsMatch(Locations locations, List<NamedLocation> namedLocations, String ip) {
        if (locations.isAnywhere()) {
            return Optional.of(true);
        }
        Optional<IpAddress> address = IpAddress.parse(ip);
        if (address.isEmpty()) {
            return Optional.empty();
        }
        if (inAny(locations.excludeLocations(), namedLocations, address.get())) {
            return Optional.of(false);
        }
        return Optional.of(locations.includeLocations().contains(ConditionalAccessPolicy.ALL)
                || inAny(locations.includeLocations(), namedLocations, address.get()));
    }

    private static boolean inAny(List<String> names, List<NamedLocation> namedLocations, IpAddress address) {
        boolean trusted = names.contains(ConditionalAccessPolicy.ALL_TRUSTED);
        return namedLocations.stream()
                .filter(location -> (trusted && location.isTrusted()) || names.contains(location.displayName()))
                .anyMatch(location -> location.contains(address));
    }

    private static boolean clientAppTypesMatch(List<String> clientAppTypes, ClientAppType type) {
        return clientAppTypes.contains(ConditionalAccessPolicy.ALL_APP_TYPES) || clientAppTypes.contains(type.value());
    }

    /** An unknown platform matches only {@code all}, in the include and in the exclude list. */
    private static boolean platformsMatch(ConditionalAccessPolicy.Platforms platforms,
            Optional<DevicePlatform> platform) {
        return !listed(platforms.excludePlatforms(), platform) && listed(platforms.includePlatforms(), platform);
    }

    private static boolean listed(List<String> names, Optional<DevicePlatform> platform) {
        return names.contains(ConditionalAccessPolicy.ALL_PLATFORMS)
                || platform.map(known -> names.contains(known.value())).orElse(false);
    }

    /** SPEC §3.4 inside one policy: with OR, MFA (when asked) satisfies it; with AND, a password change too. */
    private static Requirement requirementOf(GrantControls grant) {
        List<String> controls = grant.builtInControls();
        if (controls.contains(GrantControls.BLOCK)) {
            return new Requirement(Result.BLOCK, null);
        }
        MfaStrength strength = grant.authenticationStrength() != null
                ? grant.authenticationStrength()
                : controls.contains(GrantControls.MFA) ? MfaStrength.MFA : null;
        boolean passwordChange = controls.contains(GrantControls.PASSWORD_CHANGE);
        if (strength == null) {
            return new Requirement(passwordChange ? Result.PASSWORD_CHANGE : Result.NONE, null);
        }
        boolean both = passwordChange && GrantControls.AND.equals(grant.operator());
        return new Requirement(both ? Result.MFA_AND_PASSWORD_CHANGE : Result.MFA, strength);
    }
}
