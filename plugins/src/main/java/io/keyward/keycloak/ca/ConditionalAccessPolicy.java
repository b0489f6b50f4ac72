package io.keyward.keycloak.ca;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.keyward.keycloak.signin.MfaStrength;

/** One Conditional Access policy of the document (Graph's conditionalAccessPolicy), every default filled. */
public record ConditionalAccessPolicy(String displayName, State state, Users users, Applications applications,
        Locations locations, List<String> clientAppTypes, Platforms platforms, GrantControls grantControls,
        SessionControls sessionControls) {

    public static final String ALL = "All";
    public static final String ALL_TRUSTED = "AllTrusted";
    public static final String ALL_APP_TYPES = "all";
    public static final String ALL_PLATFORMS = "all";

    public enum State {
        ENABLED("enabled"),
        DISABLED("disabled"),
        REPORT_ONLY("enabledForReportingButNotEnforced");

        private final String value;

        State(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        static Optional<State> parse(String value) {
            return Arrays.stream(values()).filter(state -> state.value.equals(value)).findFirst();
        }
    }

    /** Usernames (or {@code All}), group paths, roles ({@code role} or {@code client/role}). */
    public record Users(List<String> includeUsers, List<String> excludeUsers, List<String> includeGroups,
            List<String> excludeGroups, List<String> includeRoles, List<String> excludeRoles) {

        /** Whether the condition matches every user whoever they are: nobody needs to be looked up. */
        boolean coversEveryone() {
            return includeUsers.contains(ALL) && excludeUsers.isEmpty() && excludeGroups.isEmpty()
                    && excludeRoles.isEmpty();
        }
    }

    /** Client ids, or {@code All}. */
    public record Applications(List<String> includeApplications, List<String> excludeApplications) {
    }

    /** {@code All}, {@code AllTrusted} or named locations. */
    public record Locations(List<String> includeLocations, List<String> excludeLocations) {

        /** Whether the condition holds without looking at the client address. */
        boolean isAnywhere() {
            return includeLocations.contains(ALL) && excludeLocations.isEmpty();
        }
    }

    /** {@code all} or platform names. */
    public record Platforms(List<String> includePlatforms, List<String> excludePlatforms) {
    }

    public record GrantControls(String operator, List<String> builtInControls, MfaStrength authenticationStrength) {

        static final String AND = "AND";
        static final String BLOCK = "block";
        static final String MFA = "mfa";
        static final String PASSWORD_CHANGE = "passwordChange";
    }

    /** Graph's signInFrequency: {@code everyTime}, or a period of {@code value} hours or days. */
    public record SignInFrequency(boolean isEnabled, boolean everyTime, Integer value, String type) {

        /**
         * Whether an SSO sign-in must authenticate again: always for every time, else when the last full
         * authentication ({@code authTime}, epoch seconds; unreadable fails closed) is older than the period.
         */
        public boolean requiresReauthentication(boolean ssoAuthentication, String authTime, long nowSeconds) {
            if (!isEnabled || !ssoAuthentication) {
                return false;
            }
            if (everyTime) {
                return true;
            }
            try {
                return nowSeconds - Long.parseLong(authTime) > maxAgeSeconds();
            } catch (NumberFormatException e) {
                return true;
            }
        }

        /** The longest age of the SSO session this control accepts, in seconds; 0 for every time. */
        long maxAgeSeconds() {
            if (everyTime) {
                return 0;
            }
            return (long) value * ("days".equals(type) ? 86_400 : 3_600);
        }
    }

    /** Graph's persistentBrowser: {@code always} or {@code never}. */
    public record PersistentBrowser(boolean isEnabled, String mode) {
    }

    public record SessionControls(SignInFrequency signInFrequency, PersistentBrowser persistentBrowser) {
    }
}
