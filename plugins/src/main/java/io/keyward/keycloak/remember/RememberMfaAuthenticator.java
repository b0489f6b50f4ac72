package io.keyward.keycloak.remember;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import io.keyward.keycloak.signin.MfaNotes;
import io.keyward.keycloak.signin.MfaStrength;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * After every source of an MFA requirement, before the MFA step: when this sign-in still needs MFA and the browser
 * holds a valid mark for this user that may count here, the mark stands in for MFA ({@code keyward.mfa.method} =
 * {@code rememberMfa}). It never adds to what the SSO session achieved, so an SSO sign-in to an application where a
 * mark does not count (an administration client under security defaults) still asks for MFA. Always succeeds:
 * without a usable mark the MFA step simply asks.
 */
public final class RememberMfaAuthenticator implements Authenticator {

    static final RememberMfaAuthenticator SINGLETON = new RememberMfaAuthenticator();

    private static final Logger LOG = Logger.getLogger(RememberMfaAuthenticator.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        Set<MfaStrength> satisfied = MfaNotes.satisfied(authSession);
        Optional<RememberMfa.MarkCheck> check = check(context);
        RememberMfa.Use use = RememberMfa.use(authSession.getAuthNote(MfaNotes.REQUIRED_BY),
                authSession.getAuthNote(MfaNotes.STRENGTH), authSession.getAuthNote(MfaNotes.REMEMBER_MFA_REFUSED_BY),
                satisfied, check);
        switch (use) {
            case HONOURED -> {
                authSession.setAuthNote(MfaNotes.METHOD, RememberMfa.METHOD);
                authSession.setAuthNote(RememberMfa.MARK_NOTE, RememberMfa.USED);
            }
            case NOT_COUNTED -> authSession.setAuthNote(RememberMfa.MARK_NOTE, RememberMfa.NOT_COUNTED);
            case NO_VALID_MARK -> check.ifPresent(found ->
                    authSession.setAuthNote(RememberMfa.MARK_NOTE, found.value()));
            case NOT_NEEDED -> {
            }
        }
        LOG.debugf("%s: user %s, mark %s: %s", RememberMfaAuthenticatorFactory.PROVIDER_ID,
                context.getUser().getUsername(), check.map(RememberMfa.MarkCheck::value).orElse("absent"), use);
        context.success();
    }

    /** Empty without a mark; a mark under a broken configuration or version counts as nothing (fail closed). */
    private static Optional<RememberMfa.MarkCheck> check(AuthenticationFlowContext context) {
        Optional<RememberMfaMark> mark = RememberMfaCookie.read(context);
        if (mark.isEmpty()) {
            return Optional.empty();
        }
        RememberMfaConfig config = new RememberMfaConfig(context.getAuthenticatorConfig());
        UserModel user = context.getUser();
        Optional<Long> version = RememberMfa.version(user.getFirstAttribute(RememberMfa.VERSION_ATTRIBUTE));
        if (config.days().isEmpty() || version.isEmpty()) {
            LOG.warnf("%s: %s; the mark of user %s is ignored (MFA asked)", RememberMfaAuthenticatorFactory.PROVIDER_ID,
                    config.problem().orElse(RememberMfa.VERSION_ATTRIBUTE + " is not a whole number"),
                    user.getUsername());
            return Optional.of(RememberMfa.MarkCheck.REVOKED);
        }
        return Optional.of(RememberMfa.check(mark.get(), context.getRealm().getId(), user.getId(), version.get(),
                config.days().get(), Time.currentTime()));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
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
