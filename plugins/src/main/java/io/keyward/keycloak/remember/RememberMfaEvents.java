package io.keyward.keycloak.remember;

import org.keycloak.events.EventBuilder;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The remember-MFA details of a sign-in event: {@code keyward_remember_mfa} (what became of the mark the browser
 * presented: {@code used}, {@code notCounted}, {@code tampered}, {@code foreign}, {@code expired}, {@code revoked})
 * and {@code keyward_remember_mfa_offer} ({@code issued} or {@code declined}). Never the mark itself.
 */
public final class RememberMfaEvents {

    private RememberMfaEvents() {
    }

    public static void addTo(EventBuilder event, AuthenticationSessionModel authSession) {
        String mark = authSession.getAuthNote(RememberMfa.MARK_NOTE);
        if (mark != null) {
            event.detail(RememberMfa.MARK_DETAIL, mark);
        }
        String offer = authSession.getAuthNote(RememberMfa.OFFER_NOTE);
        if (offer != null) {
            event.detail(RememberMfa.OFFER_DETAIL, offer);
        }
    }
}
