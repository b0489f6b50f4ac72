package io.keyward.keycloak.apppassword;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.ModelIllegalStateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/**
 * {@code /realms/{realm}/keyward/users/{userId}/appPasswords}: list (GET), create (POST) and delete
 * ({@code DELETE …/{id}}) one user's app passwords. Reached through {@code TemporaryAccessPassResource}, which has
 * already authenticated the caller and checked the right to manage the user (realm-management {@code manage-users}
 * or {@code keyward-admin}). The password is in the POST's answer and nowhere else.
 */
public final class AppPasswordResource {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger(AppPasswordResource.class);
    private static final CacheControl NO_STORE = CacheControl.valueOf("no-store");
    private static final int CONFLICT = 409;
    private static final int CHECK_ATTEMPTS = 5;
    private static final int UNPROCESSABLE_CONTENT = 422;
    private static final String DISPLAY_NAME = "displayName";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminAuth auth;
    private final UserModel user;
    private final String callerName;

    public AppPasswordResource(KeycloakSession session, RealmModel realm, AdminAuth auth, UserModel user,
            String callerName) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.user = user;
        this.callerName = callerName;
    }

    /** {@code [{id, displayName, createdDateTime}]}, oldest first; never a password. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list() {
        List<Map<String, Object>> all = AppPasswords.provider(session).list(user).stream()
                .map(AppPasswordResource::metadata).toList();
        return Response.ok(all).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** Creates an app password; the answer is the only place it ever appears. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        String displayName;
        try {
            displayName = parseDisplayName(body);
        } catch (BadRequest e) {
            return error(400, "invalidRequest", e.getMessage(), e.details);
        }
        Optional<String> nameProblem = AppPasswords.nameProblem(displayName);
        if (nameProblem.isPresent()) {
            return error(UNPROCESSABLE_CONTENT, "invalidDisplayName", "displayName " + nameProblem.get() + ".",
                    List.of(detail("invalidDisplayName", "/" + DISPLAY_NAME, nameProblem.get())));
        }
        Optional<AppPasswordEligibility.Refusal> refusal = AppPasswords.refusal(realm, user);
        if (refusal.isPresent()) {
            return refusal(refusal.get());
        }
        List<AppPasswordCredentialModel> existing = AppPasswords.provider(session).list(user);
        if (existing.size() >= AppPasswords.MAX_PER_USER) {
            return error(CONFLICT, "tooManyAppPasswords", "User " + user.getUsername() + " already has "
                    + AppPasswords.MAX_PER_USER + " app passwords, the most a user may have; delete one first.",
                    List.of());
        }
        if (AppPasswords.nameTaken(existing, displayName)) {
            return error(CONFLICT, "displayNameInUse", "User " + user.getUsername()
                    + " already has an app password named '" + displayName.strip() + "'.",
                    List.of(detail("displayNameInUse", "/" + DISPLAY_NAME, "already in use")));
        }

        Instant now = Instant.ofEpochMilli(Time.currentTimeMillis());
        AppPasswords.Created created;
        try {
            created = createCommitted(displayName, existing, now);
        } catch (ModelDuplicateException e) {
            // Keycloak's own check of credential labels caught a creation of the same name at the same moment.
            return clashed(AppPasswords.Clash.NAME_IN_USE, displayName);
        }
        Optional<AppPasswords.Clash> clash = removeIfClashing(created.model().getId());
        if (clash.isPresent()) {
            return clashed(clash.get(), displayName);
        }
        AppPasswordEvents.created(userEvent(), user, created.model(), callerName);
        adminEvent(OperationType.CREATE, created.model());
        LOG.debugf("%s: %s created app password %s for user %s in realm %s", AppPasswordCredentialModel.TYPE,
                callerName, created.model().getId(), user.getUsername(), realm.getName());

        Map<String, Object> representation = metadata(created.model());
        representation.put("password", created.password());
        return Response.status(Response.Status.CREATED)
                .entity(representation)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .cacheControl(NO_STORE)
                .build();
    }

    /** The answer when a creation at the same moment won the last place or the name. */
    private Response clashed(AppPasswords.Clash clash, String displayName) {
        LOG.infof("%s: a concurrent creation for user %s in realm %s won (%s); this one was not kept",
                AppPasswordCredentialModel.TYPE, user.getUsername(), realm.getName(), clash);
        return clash == AppPasswords.Clash.TOO_MANY
                ? error(CONFLICT, "tooManyAppPasswords", "User " + user.getUsername() + " has reached "
                        + AppPasswords.MAX_PER_USER + " app passwords, the most a user may have, with another one "
                        + "created at the same moment; delete one first, or list them and try again.", List.of())
                : error(CONFLICT, "displayNameInUse", "User " + user.getUsername()
                        + " already has an app password named '" + displayName.strip() + "'.",
                        List.of(detail("displayNameInUse", "/" + DISPLAY_NAME, "already in use")));
    }

    /**
     * Creates the app password in a transaction of its own, committed before this request's, so that a creation
     * running at the same moment sees it ({@link #removeIfClashing}).
     */
    private AppPasswords.Created createCommitted(String displayName, List<AppPasswordCredentialModel> existing,
            Instant now) {
        return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(),
                session.getContext(), inner -> {
            RealmModel innerRealm = inner.realms().getRealm(realm.getId());
            UserModel innerUser = inner.users().getUserById(innerRealm, user.getId());
            return AppPasswords.create(inner, innerRealm, innerUser, displayName, existing, now);
        }, "keyward-app-password-create");
    }

    /**
     * The check after creation ({@link AppPasswords#clash}); a clashing app password is deleted, committed. Keycloak
     * renumbers the priorities of the user's other credentials when one is deleted, so two deletions at the same
     * moment can collide on a row (optimistic locking); the check then runs again on what is committed.
     */
    private Optional<AppPasswords.Clash> removeIfClashing(String createdId) {
        for (int attempt = 1;; attempt++) {
            try {
                return checkOnce(createdId);
            } catch (ModelIllegalStateException e) {
                if (attempt == CHECK_ATTEMPTS) {
                    throw e;
                }
                LOG.debugf("%s: the check after creating %s collided with another change (%s); again",
                        AppPasswordCredentialModel.TYPE, createdId, e.getMessage());
            }
        }
    }

    private Optional<AppPasswords.Clash> checkOnce(String createdId) {
        return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(),
                session.getContext(), inner -> {
            RealmModel innerRealm = inner.realms().getRealm(realm.getId());
            UserModel innerUser = inner.users().getUserById(innerRealm, user.getId());
            AppPasswordCredentialProvider provider = AppPasswords.provider(inner);
            Optional<AppPasswords.Clash> clash = AppPasswords.clash(provider.list(innerUser), createdId);
            clash.ifPresent(ignored -> provider.deleteCredential(innerRealm, innerUser, createdId));
            return clash;
        }, "keyward-app-password-check");
    }

    @DELETE
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response delete(@PathParam("id") String id) {
        Optional<AppPasswordCredentialModel> model = AppPasswords.provider(session).list(user).stream()
                .filter(candidate -> candidate.getId().equals(id)).findFirst();
        if (model.isEmpty()) {
            return error(404, "notFound", "User " + user.getUsername() + " has no app password with id " + id + ".",
                    List.of());
        }
        AppPasswords.provider(session).deleteCredential(realm, user, id);
        AppPasswordEvents.deleted(userEvent(), user, model.get(), callerName);
        adminEvent(OperationType.DELETE, model.get());
        return Response.noContent().build();
    }

    static Map<String, Object> metadata(AppPasswordCredentialModel model) {
        Map<String, Object> representation = new LinkedHashMap<>();
        representation.put("id", model.getId());
        representation.put(DISPLAY_NAME, model.displayName());
        representation.put("createdDateTime", model.createdDateTime().toString());
        return representation;
    }

    private Response refusal(AppPasswordEligibility.Refusal refusal) {
        String who = "User " + user.getUsername();
        return switch (refusal) {
            case NOT_ALLOWED -> error(CONFLICT, refusal.value(), "App passwords are not allowed in this realm "
                    + "(policy document: mfaSettings.appPasswords.isAllowed).", List.of());
            case EVALUATION_ERROR -> error(CONFLICT, refusal.value(), "A privileged role of the realm's policy "
                    + "(mfaSettings.privilegedRoles) does not exist, so no app password can be created.", List.of());
            case NOT_ENFORCED -> error(UNPROCESSABLE_CONTENT, refusal.value(), who + " cannot have app passwords: "
                    + "only users whose per-user MFA state is enforced can.",
                    List.of(detail(refusal.value(), "user", "per-user MFA state is not enforced")));
            case PRIVILEGED -> error(UNPROCESSABLE_CONTENT, refusal.value(), who + " cannot have app passwords: "
                    + "privileged users (mfaSettings.privilegedRoles) never can.",
                    List.of(detail(refusal.value(), "user", "holds a privileged role")));
        };
    }

    private EventBuilder userEvent() {
        return new EventBuilder(realm, session, session.getContext().getConnection());
    }

    /** Recorded when the realm keeps admin events; the representation is the metadata, never the password. */
    private void adminEvent(OperationType operation, AppPasswordCredentialModel model) {
        new AdminEventBuilder(realm, auth, session, session.getContext().getConnection())
                .resource(ResourceType.USER)
                .operation(operation)
                .resourcePath("users", user.getId(), "appPasswords", model.getId())
                .representation(metadata(model))
                .success();
    }

    private static String parseDisplayName(String body) throws BadRequest {
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(body);
        } catch (IOException e) {
            throw new BadRequest("The request body is not JSON.", List.of());
        }
        if (json == null || !json.isObject()) {
            throw new BadRequest("The request body must be a JSON object.", List.of());
        }
        List<Map<String, String>> details = new ArrayList<>();
        for (Iterator<String> names = json.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!DISPLAY_NAME.equals(name)) {
                details.add(detail("unknownMember", "/" + name, "unknown member; expected displayName"));
            }
        }
        JsonNode name = json.get(DISPLAY_NAME);
        if (name == null || name.isNull()) {
            details.add(detail("missingMember", "/" + DISPLAY_NAME, "is required"));
        } else if (!name.isTextual()) {
            details.add(detail("invalidValue", "/" + DISPLAY_NAME, "must be a string"));
        }
        if (!details.isEmpty()) {
            throw new BadRequest("The request is malformed.", details);
        }
        return name.asText();
    }

    private static Response error(int status, String code, String message, List<Map<String, String>> details) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("details", details);
        return Response.status(status).entity(Map.of("error", error)).type(MediaType.APPLICATION_JSON_TYPE).build();
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
}
