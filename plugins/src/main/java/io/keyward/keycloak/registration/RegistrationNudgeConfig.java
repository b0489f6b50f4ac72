package io.keyward.keycloak.registration;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyward.keycloak.signin.AuthenticationMethodsPolicy;
import io.keyward.keycloak.signin.JsonFields;
import org.keycloak.models.AuthenticatorConfigModel;

/**
 * Typed view of the {@code keyward-registration-nudge} configuration: {@code registrationCampaign} and
 * {@code authenticationMethods}, both the document's sections as compact JSON. Anything unreadable: no nudge.
 */
final class RegistrationNudgeConfig {

    static final String REGISTRATION_CAMPAIGN = "registrationCampaign";
    static final String AUTHENTICATION_METHODS = "authenticationMethods";

    private final JsonFields json = new JsonFields();
    private final RegistrationCampaign campaign;
    private final AuthenticationMethodsPolicy policy;

    RegistrationNudgeConfig(AuthenticatorConfigModel model) {
        this(model == null || model.getConfig() == null ? Map.of() : model.getConfig());
    }

    RegistrationNudgeConfig(Map<String, String> config) {
        JsonNode campaignNode = json.parse(REGISTRATION_CAMPAIGN, config.get(REGISTRATION_CAMPAIGN));
        RegistrationCampaign readCampaign = campaignNode == null ? null : RegistrationCampaign.read(campaignNode, json);
        JsonNode methodsNode = json.parse(AUTHENTICATION_METHODS, config.get(AUTHENTICATION_METHODS));
        AuthenticationMethodsPolicy readPolicy = methodsNode == null ? null
                : AuthenticationMethodsPolicy.read(methodsNode, json);
        boolean ok = json.problems().isEmpty();
        this.campaign = ok ? readCampaign : RegistrationCampaign.DISABLED;
        this.policy = ok ? readPolicy : AuthenticationMethodsPolicy.enabledForAll(List.of());
    }

    RegistrationCampaign campaign() {
        return campaign;
    }

    AuthenticationMethodsPolicy policy() {
        return policy;
    }

    List<String> problems() {
        return json.problems();
    }
}
