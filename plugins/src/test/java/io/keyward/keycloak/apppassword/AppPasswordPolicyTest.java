package io.keyward.keycloak.apppassword;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.keyward.keycloak.signin.RoleReference;
import org.junit.jupiter.api.Test;

class AppPasswordPolicyTest {

    @Test
    void readsWhetherAllowedAndWhoIsPrivileged() {
        AppPasswordPolicy.Parsed parsed = AppPasswordPolicy.parse("""
                {"mfaSettings": {"appPasswords": {"isAllowed": true},
                                 "privilegedRoles": ["realm-management/realm-admin", "ops"]}}""");
        assertEquals(List.of(), parsed.problems());
        assertTrue(parsed.policy().isAllowed());
        assertEquals(List.of(new RoleReference("realm-management", "realm-admin"), new RoleReference(null, "ops")),
                parsed.policy().privilegedRoles());
    }

    @Test
    void noDocumentAllowsNothingQuietly() {
        assertFalse(AppPasswordPolicy.parse(null).policy().isAllowed());
        assertEquals(List.of(), AppPasswordPolicy.parse("").problems());
    }

    @Test
    void aBrokenDocumentAllowsNothingAndSaysWhy() {
        for (String broken : List.of("{not json", "{\"mfaSettings\": {}}",
                "{\"mfaSettings\": {\"appPasswords\": {\"isAllowed\": \"yes\"}, \"privilegedRoles\": []}}",
                "{\"mfaSettings\": {\"appPasswords\": {\"isAllowed\": true}}}",
                "{\"mfaSettings\": {\"appPasswords\": {\"isAllowed\": true}, \"privilegedRoles\": [\"/x\"]}}")) {
            AppPasswordPolicy.Parsed parsed = AppPasswordPolicy.parse(broken);
            assertFalse(parsed.policy().isAllowed(), broken);
            assertEquals(1, parsed.problems().size(), broken);
        }
    }
}
