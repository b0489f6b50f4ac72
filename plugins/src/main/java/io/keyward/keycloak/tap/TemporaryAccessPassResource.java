package io.keyward.keycloak.tap;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyward.keycloak.apppassword.AppPasswordResource;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.RealmManager;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;

/**
 * {@code /realms/{realm}/keyward/users/{userId}/temporaryAccessPass}: issue (POST), show the metadata (GET) and
 * delete (DELETE) a user's pass. Callers authenticate with an access token of this realm or of the master realm, as
 * for Keycloak's admin API, and need permission to manage the user (realm-management {@code manage-users}, or
 * master-realm admin roles) or this realm's {@code keyward-admin} role. Shapes follow Graph's
 * temporaryAccessPassAuthenticationMethod; errors are {@code {"error": {"code", "message", "details"}}}.
 */
public final class TemporaryAccessPassResource {

    static final String KEYWARD_ADMIN_ROLE = "keyward-admin";
    private static final Set<String> REQUEST_MEMBERS = Set.of("lifetimeInMinutes", "startDateTime", "isUsableOnce",
            "length");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger(TemporaryAccessPassResource.class);
    private static final int CONFLICT = 409;
    /** The one answer that carries a pass must not be kept by any cache on the way. */
    private static final CacheControl NO_STORE = CacheControl.valueOf("no-store");
    /** RFC 9110; JAX-RS has no constant for it. */
    private static final int UNPROCESSABLE_CONTENT = 422;

    private final KeycloakSession session;

    TemporaryAccessPassResource(KeycloakSession session) {
        this.session = session;
    }

    /** Issues a pass, replacing the user's previous one. The response is the only place the pass ever appears. */
    @POST
    @Path("users/{userId}/temporaryAccessPass")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response issue(@PathParam("userId") String userId, String body) {
        RealmModel realm = session.getContext().getRealm();
        Caller caller = authorise(realm, userId);
        TemporaryAccessPassIssue.Request request;
        try {
            request = parseRequest(body);
        } catch (BadRequest e) {
            return error(400, "invalidRequest", e.getMessage(), e.details);
        }

        Optional<TemporaryAccessPassPolicy> policy = TemporaryAccessPasses.policy(realm);
        Instant now = Instant.ofEpochMilli(Time.currentTimeMillis());
        TemporaryAccessPassIssue.Decision decision = TemporaryAccessPassIssue.decide(policy,
                TemporaryAccessPasses.isTargeted(policy, caller.user), request, now);
        if (decision.pass().isEmpty()) {
            return refusal(decision.problems());
        }

        TemporaryAccessPasses.Issued issued = TemporaryAccessPasses.issue(session, realm, caller.user,
                decision.pass().get(), caller.name, now);
        TemporaryAccessPassEvents.issued(userEvent(realm), caller.user, issued.pass(), caller.name);
        adminEvent(realm, caller, OperationType.CREATE, issued.pass());
        LOG.debugf("%s: %s issued a pass for user %s in realm %s", TemporaryAccessPassAuthenticatorFactory.PROVIDER_ID,
                caller.name, caller.user.getUsername(), realm.getName());

        Map<String, Object> representation = new LinkedHashMap<>();
        representation.put("temporaryAccessPass", issued.code());
        representation.putAll(metadata(issued.pass(), policy, caller.user, now));
        return Response.status(Response.Status.CREATED)
                .entity(representation)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .cacheControl(NO_STORE)
                .build();
    }

    /** The metadata of the user's pass; never the pass. */
    @GET
    @Path("users/{userId}/temporaryAccessPass")
    @Produces(MediaType.APPLICATION_JSON)
    public Response show(@PathParam("userId") String userId) {
        RealmModel realm = session.getContext().getRealm();
        Caller caller = authorise(realm, userId);
        Optional<TemporaryAccessPassCredentialModel> pass = TemporaryAccessPasses.provider(session).find(caller.user);
        if (pass.isEmpty()) {
            return noPass(caller.user);
        }
        Instant now = Instant.ofEpochMilli(Time.currentTimeMillis());
        return Response.ok(metadata(pass.get(), TemporaryAccessPasses.policy(realm), caller.user, now))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    @DELETE
    @Path("users/{userId}/temporaryAccessPass")
    @Produces(MediaType.APPLICATION_JSON)
    public Response delete(@PathParam("userId") String userId) {
        RealmModel realm = session.getContext().getRealm();
        Caller caller = authorise(realm, userId);
        Optional<TemporaryAccessPassCredentialModel> pass = TemporaryAccessPasses.provider(session).find(caller.user);
        if (pass.isEmpty()) {
            return noPass(caller.user);
        }
        TemporaryAccessPasses.provider(session).deleteCredential(realm, caller.user, pass.get().getId());
        TemporaryAccessPassEvents.deleted(userEvent(realm), caller.user, pass.get().getId(), caller.name);
        adminEvent(realm, caller, OperationType.DELETE, pass.get());
        return Response.noContent().build();
    }

    /**
     * {@code users/{userId}/appPasswords} (SPEC §5): the same callers, authorised here, as for passes.
     * {@link AppPasswordResource} serves list, create and delete.
     */
    @Path("users/{userId}/appPasswords")
    public AppPasswordResource appPasswords(@PathParam("userId") String userId) {
        RealmModel realm = session.getContext().getRealm();
        Caller caller = authorise(realm, userId);
        return new AppPasswordResource(session, realm, caller.auth, caller.user, caller.name);
    }

    /** Graph's temporaryAccessPassAuthenticationMethod, plus who created it, its length and its last use. */
    static Map<String, Object> metadata(TemporaryAccessPassCredentialModel pass,
            Optional<TemporaryAccessPassPolicy> policy, UserModel user, Instant now) {
        TemporaryAccessPassCredentialModel.Data data = pass.data();
        TemporaryAccessPassUsability usability = TemporaryAccessPassUsability.of(data,
                policy.isPresent() && policy.get().targets().appliesTo(TemporaryAccessPasses.groupPaths(user)), now);
        Map<String, Object> representation = new LinkedHashMap<>();
        representation.put("id", pass.getId());
        representation.put("createdDateTime", Instant.ofEpochMilli(pass.getCreatedDate()).toString());
        representation.put("createdBy", data.createdBy());
        representation.put("startDateTime", data.start().toString());
        representation.put("endDateTime", data.end().toString());
        representation.put("lifetimeInMinutes", Duration.between(data.start(), data.end()).toMinutes());
        representation.put("isUsableOnce", data.isUsableOnce());
        representation.put("length", data.length());
        representation.put("isUsable", usability == TemporaryAccessPassUsability.USABLE);
        representation.put("methodUsabilityReason", usability.reason());
        representation.put("lastUsedDateTime",
                data.lastUsedDateTime() == null ? null : Instant.ofEpochMilli(data.lastUsedDateTime()).toString());
        return representation;
    }

    /**
     * The authenticated caller, the user they act on, and the caller's name for the record: the admin's username,
     * with {@code @master} when the admin signed in to the master realm.
     */
    private record Caller(AdminAuth auth, UserModel user, String name) {
    }

    /**
     * 401 without a valid token of this realm or the master realm; 403 unless the caller may manage the user or holds
     * {@code keyward-admin} here; 404 for an unknown user, told only to callers with that right.
     */
    private Caller authorise(RealmModel realm, String userId) {
        AdminAuth auth = authenticate(realm);
        boolean keywardAdmin = auth.getRealm().getId().equals(realm.getId()) && hasKeywardAdmin(realm, auth.getUser());
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            boolean mayKnow = keywardAdmin || AdminPermissions.evaluator(session, realm, auth).users().canView();
            throw new ErrorResponse(mayKnow
                    ? error(404, "userNotFound", "No user with id " + userId + " in this realm.",
                            List.of())
                    : forbidden());
        }
        if (!keywardAdmin && !AdminPermissions.evaluator(session, realm, auth).users().canManage(user)) {
            throw new ErrorResponse(forbidden());
        }
        String name = auth.getUser().getUsername();
        return new Caller(auth, user, keywardAdmin || auth.getRealm().getId().equals(realm.getId()) ? name
                : name + "@" + auth.getRealm().getName());
    }

    private AdminAuth authenticate(RealmModel realm) {
        KeycloakContext context = session.getContext();
        String tokenString;
        try {
            tokenString = AppAuthManager.extractAuthorizationHeaderToken(context.getRequestHeaders());
        } catch (NotAuthorizedException e) {
            tokenString = null;
        }
        if (tokenString == null) {
            throw new ErrorResponse(unauthorized("A bearer access token is required."));
        }
        RealmModel tokenRealm = tokenRealm(tokenString, realm);
        if (tokenRealm == null) {
            throw new ErrorResponse(unauthorized("The token was not issued by this realm or the master realm."));
        }
        // Keycloak verifies a token in the context of the realm that issued it, as its admin API does.
        context.setRealm(tokenRealm);
        AuthenticationManager.AuthResult result;
        try {
            result = new AppAuthManager.BearerTokenAuthenticator(session).setRealm(tokenRealm)
                    .setConnection(context.getConnection()).setHeaders(context.getRequestHeaders()).authenticate();
        } finally {
            context.setRealm(realm);
        }
        if (result == null) {
            throw new ErrorResponse(unauthorized("The token is not valid."));
        }
        return new AdminAuth(tokenRealm, result.token(), result.user(), result.client());
    }

    private RealmModel tokenRealm(String tokenString, RealmModel realm) {
        String issuer;
        try {
            issuer = new JWSInput(tokenString).readJsonContent(AccessToken.class).getIssuer();
        } catch (JWSInputException | RuntimeException e) {
            return null;
        }
        if (issuer == null) {
            return null;
        }
        String realmName = issuer.substring(issuer.lastIndexOf('/') + 1);
        if (realmName.equals(realm.getName())) {
            return realm;
        }
        RealmModel admin = new RealmManager(session).getKeycloakAdministrationRealm();
        return admin != null && admin.getName().equals(realmName) ? admin : null;
    }

    private static boolean hasKeywardAdmin(RealmModel realm, UserModel user) {
        RoleModel role = realm.getRole(KEYWARD_ADMIN_ROLE);
        return role != null && user != null && user.hasRole(role);
    }

    private EventBuilder userEvent(RealmModel realm) {
        return new EventBuilder(realm, session, session.getContext().getConnection());
    }

    /** Recorded when the realm keeps admin events; the representation is the metadata, never the pass. */
    private void adminEvent(RealmModel realm, Caller caller, OperationType operation,
            TemporaryAccessPassCredentialModel pass) {
        new AdminEventBuilder(realm, caller.auth, session, session.getContext().getConnection())
                .resource(ResourceType.USER)
                .operation(operation)
                .resourcePath("users", caller.user.getId(), "temporaryAccessPass")
                .representation(metadata(pass, Optional.empty(), caller.user,
                        Instant.ofEpochMilli(Time.currentTimeMillis())))
                .success();
    }

    private static TemporaryAccessPassIssue.Request parseRequest(String body) throws BadRequest {
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(body);
        } catch (IOException e) {
            throw new BadRequest("The request body is not JSON.", List.of());
        }
        if (!json.isObject()) {
            throw new BadRequest("The request body must be a JSON object.", List.of());
        }
        List<Map<String, String>> details = new ArrayList<>();
        for (Iterator<String> names = json.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!REQUEST_MEMBERS.contains(name)) {
                details.add(detail("unknownMember", "/" + name, "unknown member; expected one of " + REQUEST_MEMBERS));
            }
        }
        Integer lifetime = integer(json, "lifetimeInMinutes", details);
        Integer length = integer(json, "length", details);
        Boolean once = null;
        JsonNode onceNode = json.get("isUsableOnce");
        if (onceNode != null && !onceNode.isNull()) {
            if (onceNode.isBoolean()) {
                once = onceNode.asBoolean();
            } else {
                details.add(detail("invalidValue", "/isUsableOnce", "must be true or false"));
            }
        }
        Instant start = null;
        JsonNode startNode = json.get("startDateTime");
        if (startNode != null && !startNode.isNull()) {
            try {
                start = Instant.parse(startNode.asText());
            } catch (DateTimeParseException e) {
                details.add(detail("invalidValue", "/startDateTime",
                        "must be an ISO 8601 date-time in UTC, e.g. 2026-01-31T08:00:00Z"));
            }
        }
        if (!details.isEmpty()) {
            throw new BadRequest("The request is malformed.", details);
        }
        return new TemporaryAccessPassIssue.Request(lifetime, start, once, length);
    }

    private static Integer integer(JsonNode json, String name, List<Map<String, String>> details) {
        JsonNode node = json.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            details.add(detail("invalidValue", "/" + name, "must be an integer"));
            return null;
        }
        return node.asInt();
    }

    private static Response refusal(List<TemporaryAccessPassIssue.Problem> problems) {
        TemporaryAccessPassIssue.Problem first = problems.get(0);
        int status = TemporaryAccessPassIssue.DISABLED.equals(first.code()) ? CONFLICT : UNPROCESSABLE_CONTENT;
        List<Map<String, String>> details = problems.stream()
                .filter(problem -> problem.target() != null)
                .map(problem -> detail(problem.code(), problem.target(), problem.message()))
                .toList();
        String message = problems.size() == 1 ? first.message()
                : "The request breaks the realm's Temporary Access Pass policy.";
        return error(status, first.code(), message, details);
    }

    private static Response noPass(UserModel user) {
        return error(404, "notFound",
                "User " + user.getUsername() + " has no Temporary Access Pass.", List.of());
    }

    private static Response unauthorized(String message) {
        return Response.status(Response.Status.UNAUTHORIZED)
                .header("WWW-Authenticate", "Bearer")
                .entity(body("unauthorized", message, List.of()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    private static Response forbidden() {
        return error(403, "forbidden",
                "Managing Temporary Access Passes and app passwords needs the right to manage this user (realm-management manage-users)"
                        + " or the realm role keyward-admin.", List.of());
    }

    private static Response error(int status, String code, String message,
            List<Map<String, String>> details) {
        return Response.status(status).entity(body(code, message, details)).type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    private static Map<String, Object> body(String code, String message, List<Map<String, String>> details) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("details", details);
        return Map.of("error", error);
    }

    private static Map<String, String> detail(String code, String target, String message) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("code", code);
        detail.put("target", target);
        detail.put("message", message);
        return detail;
    }

    private static final class BadRequest extends Exception {
        private final transient List<Map<String, String>> details;

        BadRequest(String message, List<Map<String, String>> details) {
            super(message);
            this.details = details;
        }
    }

    /** Ends a request with a prepared error response. */
    private static final class ErrorResponse extends jakarta.ws.rs.WebApplicationException {
        ErrorResponse(Response response) {
            super(response);
        }
    }
}
