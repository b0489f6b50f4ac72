package io.keyward.keycloak.ca;

import java.util.List;
import java.util.Optional;

/**
 * The device platform of a sign-in, from its User-Agent header: one ordered table of case-sensitive tokens, the
 * first rule that matches wins (shared with the TypeScript twin through test/vectors/user-agents.json).
 */
public enum DevicePlatform {
    ANDROID("android"),
    IOS("iOS"),
    WINDOWS("windows"),
    MACOS("macOS"),
    LINUX("linux");

    /** A rule: any of its tokens names the platform; an empty platform means "none Keyward knows". */
    private record Rule(List<String> tokens, Optional<DevicePlatform> platform) {
    }

    // An iPhone says "like Mac OS X" and Android says "Linux", so the specific rule comes first; Windows Phone
    // mentions Windows and Android and is none of the platforms.
    private static final List<Rule> RULES = List.of(
            new Rule(List.of("Windows Phone"), Optional.empty()),
            new Rule(List.of("Android"), Optional.of(ANDROID)),
            new Rule(List.of("iPhone", "iPad", "iPod"), Optional.of(IOS)),
            new Rule(List.of("Windows"), Optional.of(WINDOWS)),
            new Rule(List.of("Macintosh", "Mac OS X"), Optional.of(MACOS)),
            new Rule(List.of("Linux"), Optional.of(LINUX)));

    private final String value;

    DevicePlatform(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** The platform a User-Agent names; empty when it names none Keyward knows, or there is no header. */
    public static Optional<DevicePlatform> of(String userAgent) {
        if (userAgent == null || userAgent.isEmpty()) {
            return Optional.empty();
        }
        return RULES.stream()
                .filter(rule -> rule.tokens().stream().anyMatch(userAgent::contains))
                .findFirst()
                .flatMap(Rule::platform);
    }
}
