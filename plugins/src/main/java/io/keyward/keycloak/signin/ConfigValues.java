package io.keyward.keycloak.signin;

import java.util.Arrays;
import java.util.List;

import org.keycloak.models.Constants;

/** Reads Keycloak's multivalued config values ({@code ##}-separated). */
public final class ConfigValues {

    private ConfigValues() {
    }

    /** The trimmed, non-blank entries of a multivalued value; empty for null. */
    public static List<String> split(String value) {
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(Constants.CFG_DELIMITER_PATTERN.split(value))
                .map(String::trim)
                .filter(entry -> !entry.isEmpty())
                .toList();
    }
}
