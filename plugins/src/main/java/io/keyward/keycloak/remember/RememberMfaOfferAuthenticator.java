package io.keyward.keycloak.remember;

import java.util.Optional;

import io.keyward.keycloak.signin.MfaNotes;
import io.keyward.keycloak.signin.SignInNotes;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.authentication.Authenticator;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * After the MFA step: a user who has just done MFA with a credential, in a sign-in where a mark would count, is asked
 * whether this browser should not ask again for N days. Ticked, the mark is set on the answer. Works after any second
 * factor (OTP, WebAuthn, recovery codes, later e-mail codes): it reads only what Keycloak recorded as used.
 */
public final class RememberMfaOfferAuthenticator implements Authenticator {

    static final RememberMfaOfferAuthenticator SINGLETON = new RememberMfaOfferAuthenticator();

    static final String TEMPLATE = "login-keyward-remember-mfa.ftl";
    static final String CHOICE_FIELD = "rememberMfa";
    static final String DAYS_ATTRIBUTE = "keywardRememberMfaDays";

    private static final Logger LOG = Logger.getLogger(RememberMfaOfferAuthenticator.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        Optional<Integer> days = offerableDays(context);
        if (days.isEmpty()) {
            context.success();
            return;
        }
        context.challenge(context.form().setAttribute(DAYS_ATTRIBUTE, days.get()).createForm(TEMPLATE));
    }

    /** The box ticked: the mark, bound to the user's current MFA session version. Anything else: no mark. */
    @Override
    public void action(AuthenticationFlowContext context) {
        Optional<Integer> days = offerableDays(context);
        String choice = context.getHttpRequest().getDecodedFormParameters().getFirst(CHOICE_FIELD);
        UserModel user = context.getUser();
        Optional<Long> version = RememberMfa.version(user.getFirstAttribute(RememberMfa.VERSION_ATTRIBUTE));
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (days.isPresent() && version.isPresent() && choice != null && !choice.isBlank()) {
            RememberMfaCookie.write(context.getSession(), context.getRealm(), user, version.get(), days.get(),
                    Time.currentTime());
            authSession.setAuthNote(RememberMfa.OFFER_NOTE, RememberMfa.ISSUED);
            LOG.debugf("%s: user %s chose not to be asked again for %d days",
                    RememberMfaOfferAuthenticatorFactory.PROVIDER_ID, user.getUsername(), days.get());
        } else {
            if (days.isPresent() && version.isEmpty()) {
                LOG.warnf("%s: %s of user %s is not a whole number; no mark is issued",
                        RememberMfaOfferAuthenticatorFactory.PROVIDER_ID, RememberMfa.VERSION_ATTRIBUTE,
                        user.getUsername());
            }
            authSession.setAuthNote(RememberMfa.OFFER_NOTE, RememberMfa.DECLINED);
        }
        context.success();
    }

    /** The configured days when this sign-in may be offered a mark; empty otherwise (and on a broken config). */
    private static Optional<Integer> offerableDays(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        boolean offer = RememberMfa.mayOffer(authSession.getAuthNote(MfaNotes.REQUIRED_BY),
                authSession.getAuthNote(MfaNotes.STRENGTH), authSession.getAuthNote(MfaNotes.REMEMBER_MFA_REFUSED_BY),
                authSession.getAuthNote(MfaNotes.METHOD), AuthenticatorUtil.getAuthnCredentials(authSession),
                authSession.getAuthNote(SignInNotes.PERSISTENT_BROWSER));
        if (!offer) {
            return Optional.empty();
        }
        RememberMfaConfig config = new RememberMfaConfig(context.getAuthenticatorConfig());
        config.problem().ifPresent(problem -> LOG.warnf("%s: %s; no mark is offered",
                RememberMfaOfferAuthenticatorFactory.PROVIDER_ID, problem));
        return config.days();
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
