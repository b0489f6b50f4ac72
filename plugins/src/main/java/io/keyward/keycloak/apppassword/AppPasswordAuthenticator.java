package io.keyward.keycloak.apppassword;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import io.keyward.keycloak.signin.MfaNotes;
import io.keyward.keycloak.signin.MfaStrength;
import io.keyward.keycloak.signin.Refusals;
import io.keyward.keycloak.tap.TemporaryAccessPassHash;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * The direct grant's password step where the realm allows app passwords (it replaces
 * {@code direct-grant-validate-password}): the {@code password} parameter is an app password or the account
 * password. An accepted app password stands for password plus MFA at strength {@code mfa} (SPEC §5); the steps
 * after it ({@code keyward-per-user-mfa}, Conditional Access) read that from {@code authn.credentials}. A correct
 * app password of a user who no longer qualifies is refused exactly like a wrong password, with the reason in the
 * event, and not counted (a mail client that keeps polling must not lock the account); a wrong one counts toward the
 * brute-force lock-out once, as a wrong password does.
 */
public final class AppPasswordAuthenticator implements Authenticator {

    static final AppPasswordAuthenticator SINGLETON = new AppPasswordAuthenticator();

    /** The method note's value for an app-password sign-in (docs/architecture.md, "Contract"). */
    static final String METHOD_APP_PASSWORD = "appPassword";

    private static final Logger LOG = Logger.getLogger(AppPasswordAuthenticator.class);
    private static final String ID = AppPasswordAuthenticatorFactory.PROVIDER_ID;

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        String typed = context.getHttpRequest().getDecodedFormParameters().getFirst(CredentialRepresentation.PASSWORD);
        Optional<String> appPassword = AppPasswordCode.parse(typed);
        if (appPassword.isPresent()) {
            Optional<AppPasswordCredentialModel> matched = match(context.getSession(), user, appPassword.get());
            if (matched.isPresent()) {
                Optional<AppPasswordEligibility.Refusal> refusal = AppPasswords.refusal(context.getRealm(), user);
                if (refusal.isPresent()) {
                    refuse(context, user, refusal.get());
                } else {
                    accept(context, user, matched.get());
                }
                return;
            }
        }
        verifyAccountPassword(context, user, typed, appPassword.isPresent());
    }

    /**
     * The app password of the user with this lookup key, if the rest matches too. Exactly one slow hash is computed
     * either way, so the response time does not tell whether the user has app passwords.
     */
    private static Optional<AppPasswordCredentialModel> match(KeycloakSession session, UserModel user,
            String canonical) {
        String lookup = AppPasswordCode.lookup(canonical);
        Optional<AppPasswordCredentialModel> candidate = AppPasswords.provider(session).list(user).stream()
                .filter(model -> lookup.equals(model.lookup()))
                .findFirst();
        if (candidate.isEmpty()) {
            TemporaryAccessPassHash.dummyVerify(canonical);
            return Optional.empty();
        }
        return TemporaryAccessPassHash.verify(canonical, candidate.get().secret()) ? candidate : Optional.empty();
    }

    private static void accept(AuthenticationFlowContext context, UserModel user, AppPasswordCredentialModel model) {
        RealmModel realm = context.getRealm();
        if (realm.isBruteForceProtected()) {
            // The protector counts only password, OTP and recovery-code sign-ins; an app password stands for the
            // password, so its success clears the failure count as the password's would.
            context.getProtector().successfulLogin(realm, user, context.getConnection(), context.getUriInfo(),
                    Set.of(PasswordCredentialModel.TYPE));
        }
        AppPasswordEvents.used(context.getEvent(), model);
        context.getAuthenticationSession().setAuthNote(MfaNotes.METHOD, METHOD_APP_PASSWORD);
        MfaNotes.addSatisfied(context.getAuthenticationSession(), EnumSet.of(MfaStrength.MFA));
        LOG.debugf("%s: user %s signed in with app password %s", ID, user.getUsername(), model.getId());
        context.success(AppPasswordCredentialModel.TYPE);
    }

    private static void refuse(AuthenticationFlowContext context, UserModel user,
            AppPasswordEligibility.Refusal refusal) {
        LOG.infof("%s: refused a correct app password of user %s: %s", ID, user.getUsername(), refusal.value());
        AppPasswordEvents.refused(context.getEvent(), user, refusal.value());
        Refusals.refuseDirectGrant(context, null, Refusals.INVALID_USER_CREDENTIALS);
    }

    /**
     * Keycloak's own password check ({@code direct-grant-validate-password}). A failure is counted deliberately:
     * this step's reference category is the app password's, which Keycloak's protector ignores.
     */
    private static void verifyAccountPassword(AuthenticationFlowContext context, UserModel user, String typed,
            boolean shapedLikeAppPassword) {
        if (user.credentialManager().isValid(UserCredentialModel.password(typed))) {
            context.getAuthenticationSession().setAuthNote(AuthenticationManager.PASSWORD_VALIDATED, "true");
            context.success(PasswordCredentialModel.TYPE);
            return;
        }
        context.getEvent().user(user);
        if (shapedLikeAppPassword) {
            AppPasswordEvents.refused(context.getEvent(), user, AppPasswordEvents.INVALID);
        }
        context.getEvent().error(Errors.INVALID_USER_CREDENTIALS);
        RealmModel realm = context.getRealm();
        if (realm.isBruteForceProtected()) {
            context.getProtector().failedLogin(realm, user, context.getConnection(), context.getUriInfo(),
                    Set.of(PasswordCredentialModel.TYPE));
        }
        Response response = Response.status(Response.Status.BAD_REQUEST)
                .entity(new OAuth2ErrorRepresentation(OAuthErrorException.INVALID_GRANT,
                        Refusals.INVALID_USER_CREDENTIALS))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
        context.failure(AuthenticationFlowError.INVALID_USER, response);
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
