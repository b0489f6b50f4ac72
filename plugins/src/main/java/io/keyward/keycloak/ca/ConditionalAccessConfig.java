package io.keyward.keycloak.ca;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyward.keycloak.ca.ConditionalAccessPolicy.Applications;
import io.keyward.keycloak.ca.ConditionalAccessPolicy.GrantControls;
import io.keyward.keycloak.ca.ConditionalAccessPolicy.Locations;
import io.keyward.keycloak.ca.ConditionalAccessPolicy.PersistentBrowser;
import io.keyward.keycloak.ca.ConditionalAccessPolicy.Platforms;
import io.keyward.keycloak.ca.ConditionalAccessPolicy.SessionControls;
import io.keyward.keycloak.ca.ConditionalAccessPolicy.SignInFrequency;
import io.keyward.keycloak.ca.ConditionalAccessPolicy.State;
import io.keyward.keycloak.ca.ConditionalAccessPolicy.Users;
import io.keyward.keycloak.signin.JsonFields;
import io.keyward.keycloak.signin.MfaStrength;
import org.keycloak.models.AuthenticatorConfigModel;

/**
 * Typed view of the config that {@code keyward-condition-ca-applies} and {@code keyward-ca-grant} share: key
 * {@code policy} (the normalised policy as compact JSON) and {@code namedLocations} (the document's named locations).
 * Absent keys take SPEC §2's defaults; unknown keys, wrong types and values are problems (the steps fail closed).
 */
public final class ConditionalAccessConfig {

    public static final String POLICY = "policy";
    public static final String NAMED_LOCATIONS = "namedLocations";
    /**
     * Direct grant only: {@value #APP_PASSWORDS_ALLOWED} when the realm allows app passwords, which may satisfy an
     * {@code mfa} requirement after the username (SPEC §5), so such a policy is decided then, not before it.
     */
    public static final String APP_PASSWORDS = "appPasswords";
    public static final String APP_PASSWORDS_ALLOWED = "allowed";

    private static final Set<String> POLICY_KEYS =
            Set.of("displayName", "state", "conditions", "grantControls", "sessionControls");
    private static final Set<String> CONDITION_KEYS =
            Set.of("users", "applications", "locations", "clientAppTypes", "platforms");
    private static final Set<String> USER_KEYS = Set.of("includeUsers", "excludeUsers", "includeGroups",
            "excludeGroups", "includeRoles", "excludeRoles");
    private static final Set<String> CLIENT_APP_TYPES = Set.of("all", "browser", "other");
    private static final Set<String> PLATFORMS = Set.of("all", "android", "iOS", "windows", "macOS", "linux");
    private static final Set<String> CONTROLS = Set.of(GrantControls.BLOCK, GrantControls.MFA,
            GrantControls.PASSWORD_CHANGE);

    private final String configId;
    private final ConditionalAccessPolicy policy;
    private final List<NamedLocation> namedLocations;
    private final List<String> problems;
    private final boolean appPasswordsAllowed;

    /** Parsed configs by id and content; a config edited in the console has new content and is parsed anew. */
    private static final Map<String, ConditionalAccessConfig> PARSED = new ConcurrentHashMap<>();
    private static final int PARSED_LIMIT = 4096;

    /**
     * The parsed config for a model, reused across sign-ins: every sign-in meets every policy twice (condition
     * and grant), and parsing the JSON each time was most of what a large policy set cost Keycloak. The cached
     * value is immutable and derived only from the config's own content, so it is safe on every cluster node.
     */
    public static ConditionalAccessConfig of(AuthenticatorConfigModel model) {
        if (model == null || model.getConfig() == null) {
            return new ConditionalAccessConfig(model);
        }
        Map<String, String> config = model.getConfig();
        String key = model.getId() + '\u0000' + config.get(POLICY) + '\u0000' + config.get(NAMED_LOCATIONS)
                + '\u0000' + config.get(APP_PASSWORDS) + '\u0000' + config.size();
        ConditionalAccessConfig cached = PARSED.get(key);
        if (cached != null) {
            return cached;
        }
        ConditionalAccessConfig parsed = new ConditionalAccessConfig(model);
        if (PARSED.size() >= PARSED_LIMIT) {
            PARSED.clear();
        }
        PARSED.put(key, parsed);
        return parsed;
    }

    public ConditionalAccessConfig(AuthenticatorConfigModel model) {
        this(model == null ? null : model.getId(),
                model == null || model.getConfig() == null ? Map.of() : model.getConfig());
    }

    public ConditionalAccessConfig(String configId, Map<String, String> config) {
        this.configId = configId;
        JsonFields json = new JsonFields();
        JsonNode policyNode = json.parse(POLICY, config.get(POLICY));
        this.policy = policyNode == null ? null : readPolicy(policyNode, json);
        JsonNode locationsNode = json.parse(NAMED_LOCATIONS, config.get(NAMED_LOCATIONS));
        this.namedLocations = locationsNode == null ? List.of() : readLocations(locationsNode, json);
        if (policy != null) {
            checkLocationNames(json);
        }
        String appPasswords = config.get(APP_PASSWORDS);
        if (appPasswords != null && !appPasswords.equals(APP_PASSWORDS_ALLOWED)) {
            json.problem(APP_PASSWORDS, "expected " + APP_PASSWORDS_ALLOWED + " or no value");
        }
        this.appPasswordsAllowed = APP_PASSWORDS_ALLOWED.equals(appPasswords);
        this.problems = List.copyOf(json.problems());
    }

    /** The id of the authenticator config (what the direct grant defers by). */
    public String configId() {
        return configId;
    }

    /** Whether app passwords may satisfy this policy's {@code mfa} on the direct grant (config {@value #APP_PASSWORDS}). */
    public boolean appPasswordsAllowed() {
        return appPasswordsAllowed;
    }

    /** The policy; empty when it could not be read at all. */
    public Optional<ConditionalAccessPolicy> policy() {
        return Optional.ofNullable(policy);
    }

    public List<NamedLocation> namedLocations() {
        return namedLocations;
    }

    /** What is wrong with this configuration; empty when usable. */
    public List<String> problems() {
        return problems;
    }

    /** The display name for logs and events, also from a config that is partly broken. */
    public String policyName() {
        return policy == null || policy.displayName() == null ? "(unreadable policy)" : policy.displayName();
    }

    private static ConditionalAccessPolicy readPolicy(JsonNode node, JsonFields json) {
        String path = POLICY;
        JsonNode root = json.object(node, path, POLICY_KEYS);
        String displayName = json.string(root, "displayName", path, null);
        if (displayName == null || displayName.isBlank()) {
            json.problem(path + ".displayName", "is required");
        }
        String stateValue = json.string(root, "state", path, null);
        State state = State.parse(stateValue).orElse(null);
        if (state == null) {
            json.problem(path + ".state", "expected enabled, disabled or enabledForReportingButNotEnforced");
        }

        String at = path + ".conditions";
        JsonNode conditions = json.object(root.get("conditions"), at, CONDITION_KEYS);
        String usersAt = at + ".users";
        JsonNode usersNode = json.object(conditions.get("users"), usersAt, USER_KEYS);
        Users users = new Users(
                json.strings(usersNode, "includeUsers", usersAt, List.of()),
                json.strings(usersNode, "excludeUsers", usersAt, List.of()),
                json.strings(usersNode, "includeGroups", usersAt, List.of()),
                json.strings(usersNode, "excludeGroups", usersAt, List.of()),
                json.strings(usersNode, "includeRoles", usersAt, List.of()),
                json.strings(usersNode, "excludeRoles", usersAt, List.of()));
        String applicationsAt = at + ".applications";
        JsonNode applicationsNode = json.object(conditions.get("applications"), applicationsAt,
                Set.of("includeApplications", "excludeApplications"));
        Applications applications = new Applications(
                json.strings(applicationsNode, "includeApplications", applicationsAt, List.of()),
                json.strings(applicationsNode, "excludeApplications", applicationsAt, List.of()));
        String locationsAt = at + ".locations";
        JsonNode locationsNode = json.object(conditions.get("locations"), locationsAt,
                Set.of("includeLocations", "excludeLocations"));
        Locations locations = new Locations(
                json.strings(locationsNode, "includeLocations", locationsAt, List.of(ConditionalAccessPolicy.ALL)),
                json.strings(locationsNode, "excludeLocations", locationsAt, List.of()));
        List<String> clientAppTypes = oneOf(json, at + ".clientAppTypes", CLIENT_APP_TYPES,
                json.strings(conditions, "clientAppTypes", at, List.of(ConditionalAccessPolicy.ALL_APP_TYPES)));
        String platformsAt = at + ".platforms";
        JsonNode platformsNode = json.object(conditions.get("platforms"), platformsAt,
                Set.of("includePlatforms", "excludePlatforms"));
        Platforms platforms = new Platforms(
                oneOf(json, platformsAt + ".includePlatforms", PLATFORMS, json.strings(platformsNode,
                        "includePlatforms", platformsAt, List.of(ConditionalAccessPolicy.ALL_PLATFORMS))),
                oneOf(json, platformsAt + ".excludePlatforms", PLATFORMS,
                        json.strings(platformsNode, "excludePlatforms", platformsAt, List.of())));

        return new ConditionalAccessPolicy(displayName, state, users, applications, locations, clientAppTypes,
                platforms, readGrantControls(root, json), readSessionControls(root, json));
    }

    private static GrantControls readGrantControls(JsonNode root, JsonFields json) {
        String at = POLICY + ".grantControls";
        JsonNode node = json.object(root.get("grantControls"), at,
                Set.of("operator", "builtInControls", "authenticationStrength"));
        String operator = json.string(node, "operator", at, "OR");
        if (!operator.equals("OR") && !operator.equals(GrantControls.AND)) {
            json.problem(at + ".operator", "expected OR or AND");
        }
        List<String> controls = oneOf(json, at + ".builtInControls", CONTROLS,
                json.strings(node, "builtInControls", at, List.of()));
        String strengthValue = json.string(node, "authenticationStrength", at, null);
        MfaStrength strength = strengthValue == null ? null : MfaStrength.parse(strengthValue).orElse(null);
        if (strengthValue != null && strength == null) {
            json.problem(at + ".authenticationStrength", "expected mfa, passwordlessMfa or phishingResistantMfa");
        }
        return new GrantControls(operator, controls, strength);
    }

    private static SessionControls readSessionControls(JsonNode root, JsonFields json) {
        String at = POLICY + ".sessionControls";
        JsonNode node = json.object(root.get("sessionControls"), at, Set.of("signInFrequency", "persistentBrowser"));
        String frequencyAt = at + ".signInFrequency";
        JsonNode frequency = json.object(node.get("signInFrequency"), frequencyAt,
                Set.of("isEnabled", "frequencyInterval", "value", "type"));
        boolean frequencyEnabled = json.bool(frequency, "isEnabled", frequencyAt, false);
        String interval = json.string(frequency, "frequencyInterval", frequencyAt, "timeBased");
        Integer value = json.integer(frequency, "value", frequencyAt);
        String type = json.string(frequency, "type", frequencyAt, null);
        if (!interval.equals("timeBased") && !interval.equals("everyTime")) {
            json.problem(frequencyAt + ".frequencyInterval", "expected timeBased or everyTime");
        }
        if (type != null && !type.equals("hours") && !type.equals("days")) {
            json.problem(frequencyAt + ".type", "expected hours or days");
        }
        boolean everyTime = interval.equals("everyTime");
        if (frequencyEnabled && !everyTime && (value == null || value < 1 || type == null)) {
            json.problem(frequencyAt, "a time-based sign-in frequency needs a positive value and a type");
        }
        String persistentAt = at + ".persistentBrowser";
        JsonNode persistent = json.object(node.get("persistentBrowser"), persistentAt, Set.of("isEnabled", "mode"));
        boolean persistentEnabled = json.bool(persistent, "isEnabled", persistentAt, false);
        String mode = json.string(persistent, "mode", persistentAt, null);
        if (mode != null && !mode.equals("always") && !mode.equals("never")
                || persistentEnabled && mode == null) {
            json.problem(persistentAt + ".mode", "expected always or never");
        }
        return new SessionControls(new SignInFrequency(frequencyEnabled, everyTime, value, type),
                new PersistentBrowser(persistentEnabled, mode));
    }

    private static List<NamedLocation> readLocations(JsonNode node, JsonFields json) {
        List<NamedLocation> locations = new ArrayList<>();
        List<JsonNode> items = json.array(node, NAMED_LOCATIONS);
        for (int index = 0; index < items.size(); index++) {
            String at = NAMED_LOCATIONS + "[" + index + "]";
            JsonNode location = json.object(items.get(index), at, Set.of("displayName", "ipRanges", "isTrusted"));
            String name = json.string(location, "displayName", at, null);
            if (name == null) {
                json.problem(at + ".displayName", "is required");
            }
            List<IpRange> ranges = new ArrayList<>();
            for (String cidr : json.strings(location, "ipRanges", at, List.of())) {
                IpRange.parse(cidr).ifPresentOrElse(ranges::add,
                        () -> json.problem(at + ".ipRanges", "'" + cidr + "' is not an IPv4 or IPv6 CIDR range"));
            }
            locations.add(new NamedLocation(name, List.copyOf(ranges), json.bool(location, "isTrusted", at, false)));
        }
        return List.copyOf(locations);
    }

    /** Every location a condition names must exist: a missing one would silently shrink or widen the policy. */
    private void checkLocationNames(JsonFields json) {
        String at = POLICY + ".conditions.locations";
        List<String> known = namedLocations.stream().map(NamedLocation::displayName).toList();
        for (List<String> names : List.of(policy.locations().includeLocations(), policy.locations().excludeLocations())) {
            for (String name : names) {
                if (!name.equals(ConditionalAccessPolicy.ALL) && !name.equals(ConditionalAccessPolicy.ALL_TRUSTED)
                        && !known.contains(name)) {
                    json.problem(at, "no named location '" + name + "'");
                }
            }
        }
    }

    private static List<String> oneOf(JsonFields json, String path, Set<String> allowed, List<String> values) {
        for (String value : values) {
            if (!allowed.contains(value)) {
                json.problem(path, "'" + value + "' is not one of " + allowed);
            }
        }
        return values;
    }
}
