package io.keyward.keycloak.signin;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Strict reading of the JSON the compiler embeds in authenticator configs. Absent keys take the policy document's
 * defaults (the caller passes them); unknown keys and wrong types are problems, collected with their path, so the
 * caller can fail closed with one warning that names every problem.
 */
public final class JsonFields {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<String> problems = new ArrayList<>();

    /** Parses {@code text}; null (with a problem) when it is absent or not JSON. */
    public JsonNode parse(String key, String text) {
        if (text == null || text.isBlank()) {
            problems.add(key + " is not configured");
            return null;
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            problems.add(key + " is not JSON: " + e.getOriginalMessage());
            return null;
        }
    }

    public List<String> problems() {
        return problems;
    }

    public void problem(String path, String message) {
        problems.add(path + ": " + message);
    }

    /** The object at {@code path}, reporting keys outside {@code known}; an empty object when absent. */
    public JsonNode object(JsonNode node, String path, Set<String> known) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return MAPPER.createObjectNode();
        }
        if (!node.isObject()) {
            problem(path, "expected an object");
            return MAPPER.createObjectNode();
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problem(path + "." + name, "unknown key");
            }
        }
        return node;
    }

    public String string(JsonNode parent, String key, String path, String defaultValue) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.isTextual()) {
            problem(path + "." + key, "expected a string");
            return defaultValue;
        }
        return node.asText();
    }

    public boolean bool(JsonNode parent, String key, String path, boolean defaultValue) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.isBoolean()) {
            problem(path + "." + key, "expected true or false");
            return defaultValue;
        }
        return node.asBoolean();
    }

    /** An integer, or null when absent or null. */
    public Integer integer(JsonNode parent, String key, String path) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            problem(path + "." + key, "expected an integer");
            return null;
        }
        return node.asInt();
    }

    public List<String> strings(JsonNode parent, String key, String path, List<String> defaultValue) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.isArray()) {
            problem(path + "." + key, "expected an array of strings");
            return defaultValue;
        }
        List<String> values = new ArrayList<>();
        for (int index = 0; index < node.size(); index++) {
            JsonNode item = node.get(index);
            if (item.isTextual()) {
                values.add(item.asText());
            } else {
                problem(path + "." + key + "[" + index + "]", "expected a string");
            }
        }
        return List.copyOf(values);
    }

    /** The elements of the array at {@code path}; empty (with a problem) when it is not an array. */
    public List<JsonNode> array(JsonNode node, String path) {
        if (node == null || !node.isArray()) {
            problem(path, "expected an array");
            return List.of();
        }
        List<JsonNode> items = new ArrayList<>();
        node.forEach(items::add);
        return items;
    }
}
