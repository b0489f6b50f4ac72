package io.keyward.keycloak.mfa;

import java.util.Optional;

import io.keyward.keycloak.signin.MfaNotes;
import io.keyward.keycloak.signin.MfaStrength;
import io.keyward.keycloak.signin.RegistrationNotes;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Picks the second-factor sub-flow for the recorded strength: true when its configured {@code strength} is the one
 * recorded and no registration is pending (a user who registers proves the new method in the required action) or
 * snoozed (the campaign's grace).
 * A broken config is false: no second factor runs and {@code keyward-mfa-satisfied} refuses (fail closed).
 */
public final class MfaStrengthCondition implements ConditionalAuthenticator {

    static final MfaStrengthCondition SINGLETON = new MfaStrengthCondition();

    static final String STRENGTH = "strength";

    private static final Logger LOG = Logger.getLogger(MfaStrengthCondition.class);

    static boolean matches(Optional<MfaStrength> configured, String strengthNote, String methodNote,
            String registrationModeNote) {
        return configured.isPresent() && configured.get() == MfaNotes.requiredStrength(strengthNote)
                && MfaNotes.registration(methodNote).isEmpty()
                && !RegistrationNotes.replacesSecondFactor(registrationModeNote);
    }

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        AuthenticatorConfigModel model = context.getAuthenticatorConfig();
        String value = model == null || model.getConfig() == null ? null : model.getConfig().get(STRENGTH);
        Optional<MfaStrength> configured = MfaStrength.parse(value);
        if (configured.isEmpty()) {
            LOG.warnf("%s: %s is '%s', expected mfa, passwordlessMfa or phishingResistantMfa; skipping this second "
                    + "factor", MfaStrengthConditionFactory.PROVIDER_ID, STRENGTH, value);
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        return matches(configured, authSession.getAuthNote(MfaNotes.STRENGTH), authSession.getAuthNote(MfaNotes.METHOD),
                authSession.getAuthNote(RegistrationNotes.MODE));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
