package io.keyward.keycloak.apppassword;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyward.keycloak.signin.RoleReference;

/**
 * The realm's app-password settings, read from the policy document that {@code keyward apply} stores in the realm
 * attribute {@code keyward.policy} (SPEC §2, {@code mfaSettings}): whether app passwords are allowed and who is
 * privileged. Creation (the REST endpoint) and use (the direct-grant step) read the same attribute, so they cannot
 * disagree. A missing document allows nothing; an unreadable one allows nothing and is a problem (fail closed).
 */
public record AppPasswordPolicy(boolean isAllowed, List<RoleReference> privilegedRoles) {

    public static final String REALM_ATTRIBUTE = "keyward.policy";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AppPasswordPolicy NOT_ALLOWED = new AppPasswordPolicy(false, List.of());

    /** The settings, and what is wrong with the stored document. */
    public record Parsed(AppPasswordPolicy policy, List<String> problems) {
    }

    public static Parsed parse(String policyDocumentJson) {
        if (policyDocumentJson == null || policyDocumentJson.isBlank()) {
            return new Parsed(NOT_ALLOWED, List.of());
        }
        JsonNode document;
        try {
            document = MAPPER.readTree(policyDocumentJson);
        } catch (JsonProcessingException e) {
            return new Parsed(NOT_ALLOWED, List.of(REALM_ATTRIBUTE + " is not JSON: " + e.getOriginalMessage()));
        }
        JsonNode settings = document.path("mfaSettings");
        JsonNode allowed = settings.path("appPasswords").path("isAllowed");
        if (!allowed.isBoolean()) {
            return new Parsed(NOT_ALLOWED, List.of("mfaSettings.appPasswords.isAllowed is missing or not a boolean"));
        }
        JsonNode roles = settings.path("privilegedRoles");
        if (!roles.isArray()) {
            return new Parsed(NOT_ALLOWED, List.of("mfaSettings.privilegedRoles is missing or not a list"));
        }
        List<RoleReference> references = new ArrayList<>();
        for (JsonNode role : roles) {
            Optional<RoleReference> reference = role.isTextual() ? RoleReference.parse(role.asText()) : Optional.empty();
            if (reference.isEmpty()) {
                return new Parsed(NOT_ALLOWED, List.of("mfaSettings.privilegedRoles has '" + role.asText()
                        + "', which is not role or client/role"));
            }
            references.add(reference.get());
        }
        return new Parsed(new AppPasswordPolicy(allowed.asBoolean(), List.copyOf(references)), List.of());
    }
}
