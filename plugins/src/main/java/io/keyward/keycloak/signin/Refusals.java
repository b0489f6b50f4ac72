package io.keyward.keycloak.signin;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * How Keyward steps refuse a sign-in: event {@code LOGIN_ERROR} with error {@code access_denied} and the Keyward
 * details, then a themed error page (browser) or Keycloak's OAuth error JSON (direct grant). A refusal is a
 * {@code forceChallenge}, never a {@code failure}: policy refusals must not count toward brute-force lock-out.
 */
public final class Refusals {

    /** Keycloak's own answer to a wrong password on the direct grant. */
    public static final String INVALID_USER_CREDENTIALS = "Invalid user credentials";

    private Refusals() {
    }

    /** Browser: the error page shows {@code messageKey} (themes/keyward/login/messages) with its parameters. */
    public static void refuseBrowser(AuthenticationFlowContext context, String blockedBy, String messageKey,
            Object... parameters) {
        record(context, blockedBy);
        Response page = context.form().setError(messageKey, parameters).createErrorPage(Response.Status.UNAUTHORIZED);
        context.forceChallenge(page);
    }

    /** Direct grant: HTTP 400 {@code invalid_grant} with {@code description}. */
    public static void refuseDirectGrant(AuthenticationFlowContext context, String blockedBy, String description) {
        context.getEvent().detail(Details.USERNAME,
                context.getHttpRequest().getDecodedFormParameters().getFirst(AuthenticationManager.FORM_USERNAME));
        record(context, blockedBy);
        Response response = Response.status(Response.Status.BAD_REQUEST)
                .entity(new OAuth2ErrorRepresentation(OAuthErrorException.INVALID_GRANT, description))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
        context.forceChallenge(response);
    }

    private static void record(AuthenticationFlowContext context, String blockedBy) {
        EventBuilder event = context.getEvent();
        if (context.getUser() != null) {
            event.user(context.getUser());
        }
        SignInDetails.addTo(event, context.getAuthenticationSession(), context.getHttpRequest());
        if (blockedBy != null) {
            event.detail(SignInDetails.BLOCKED_BY, blockedBy);
        }
        event.error(Errors.ACCESS_DENIED);
    }
}
