package io.keyward.keycloak.signin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Comma-separated lists in notes and event details. Policy names may contain commas, so each item is written with
 * {@code %} → {@code %25} and {@code ,} → {@code %2C}; a reader splits at commas and decodes each item (JavaScript:
 * {@code decodeURIComponent}). Report-only items are {@code name=result}: split at the last {@code =}.
 */
public final class NoteLists {

    private NoteLists() {
    }

    public static String encode(String item) {
        return item.replace("%", "%25").replace(",", "%2C");
    }

    public static String decode(String item) {
        return item.replace("%2C", ",").replace("%25", "%");
    }

    /** The decoded, trimmed, non-blank items of a list; empty for null. */
    public static List<String> items(String list) {
        if (list == null) {
            return List.of();
        }
        return Arrays.stream(list.split(",")).map(String::trim).filter(item -> !item.isEmpty())
                .map(NoteLists::decode).toList();
    }

    /** The list of {@code items}, each encoded. */
    public static String join(List<String> items) {
        return String.join(",", items.stream().map(NoteLists::encode).toList());
    }

    /** {@code list} with {@code item} added at the end, unless it is there already. */
    public static String with(String list, String item) {
        List<String> items = new ArrayList<>(items(list));
        if (!items.contains(item)) {
            items.add(item);
        }
        return join(items);
    }
}
