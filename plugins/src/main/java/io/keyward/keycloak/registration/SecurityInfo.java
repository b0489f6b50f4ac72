package io.keyward.keycloak.registration;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.keyward.keycloak.signin.NoteLists;
import io.keyward.keycloak.signin.RegistrationNotes;
import io.keyward.keycloak.signin.UserMethod;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The combined registration's chain of required actions (docs/architecture.md, "Combined registration"): the chooser
 * {@value #CHOOSER} attaches the Keycloak action of the chosen method and the summary {@value #SUMMARY}; Keycloak runs
 * them by priority (chooser, registration, summary) and drops each after its success; "Add another method" attaches
 * the chooser again.
 */
public final class SecurityInfo {

    public static final String CHOOSER = "keyward-security-info";
    public static final String SUMMARY = "keyward-security-info-summary";

    private SecurityInfo() {
    }

    /** The user's MFA methods, from the stored credentials. */
    public static Set<UserMethod> registeredMethods(UserModel user) {
        Set<UserMethod> registered = EnumSet.noneOf(UserMethod.class);
        user.credentialManager().getStoredCredentialsStream()
                .forEach(credential -> UserMethod.ofCredentialType(credential.getType()).ifPresent(registered::add));
        return registered;
    }

    public static boolean isEnabled(RealmModel realm, String requiredAction) {
        RequiredActionProviderModel model = realm.getRequiredActionProviderByAlias(requiredAction);
        return model != null && model.isEnabled();
    }

    /** Both actions of the wizard are enabled: otherwise Keycloak would skip them and the user get in unregistered. */
    public static boolean wizardEnabled(RealmModel realm) {
        return isEnabled(realm, CHOOSER) && isEnabled(realm, SUMMARY);
    }

    /**
     * Starts the wizard: records what it offers and whether "Not now" is available ({@code snooze}: the campaign's
     * decision when the campaign applies to this user — {@code OFFER} or {@code MANDATORY}), then attaches the
     * chooser.
     */
    public static void start(AuthenticationSessionModel authSession, List<SecurityInfoMethod> offered,
            Collection<UserMethod> registered, Optional<Snooze.Decision> snooze, RegistrationCampaign campaign) {
        authSession.setAuthNote(RegistrationNotes.OFFER, NoteLists.join(offered.stream()
                .map(SecurityInfoMethod::value).toList()));
        authSession.setAuthNote(RegistrationNotes.BEFORE, NoteLists.join(registered.stream()
                .map(UserMethod::value).toList()));
        authSession.removeAuthNote(RegistrationNotes.CHOSEN);
        authSession.removeAuthNote(RegistrationNotes.REGISTERED);
        authSession.removeAuthNote(RegistrationNotes.SNOOZES_LEFT);
        authSession.removeAuthNote(RegistrationNotes.SNOOZE_DAYS);
        if (snooze.isPresent()) {
            authSession.setAuthNote(RegistrationNotes.SNOOZE_DAYS, Integer.toString(campaign.snoozeDurationInDays()));
            if (snooze.get().kind() == Snooze.Kind.OFFER) {
                authSession.setAuthNote(RegistrationNotes.SNOOZES_LEFT, snooze.get().snoozesLeft()
                        .map(String::valueOf).orElse(RegistrationNotes.UNLIMITED));
            }
        }
        authSession.addRequiredAction(CHOOSER);
    }

    /** The methods of a list note. */
    static List<SecurityInfoMethod> methods(AuthenticationSessionModel authSession, String note) {
        return SecurityInfoMethod.parseAll(NoteLists.items(authSession.getAuthNote(note)));
    }

    /** Adds {@code method} to a list note, once. */
    static void addMethod(AuthenticationSessionModel authSession, String note, SecurityInfoMethod method) {
        authSession.setAuthNote(note, NoteLists.with(authSession.getAuthNote(note), method.value()));
    }

    static void setMethods(AuthenticationSessionModel authSession, String note, List<SecurityInfoMethod> methods) {
        authSession.setAuthNote(note, NoteLists.join(methods.stream().map(SecurityInfoMethod::value).toList()));
    }
}
