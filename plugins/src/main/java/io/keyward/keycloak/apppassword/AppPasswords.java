package io.keyward.keycloak.apppassword;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.keyward.keycloak.peruser.PerUserMfa;
import io.keyward.keycloak.signin.RoleReference;
import io.keyward.keycloak.signin.UserMethod;
import io.keyward.keycloak.tap.TemporaryAccessPassHash;
import org.jboss.logging.Logger;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/** What creation (REST), use (direct grant) and revocation (password reset) share. */
public final class AppPasswords {

    /** SPEC §5. */
    public static final int MAX_PER_USER = 40;
    public static final int MAX_NAME_LENGTH = 64;

    private static final Logger LOG = Logger.getLogger(AppPasswords.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** An app password just created: the stored credential and the password, which exists nowhere else. */
    record Created(AppPasswordCredentialModel model, String password) {
    }

    private AppPasswords() {
    }

    /** The realm's settings; a broken document is logged and allows nothing (fail closed). */
    static AppPasswordPolicy policy(RealmModel realm) {
        AppPasswordPolicy.Parsed parsed = AppPasswordPolicy.parse(realm.getAttribute(AppPasswordPolicy.REALM_ATTRIBUTE));
        parsed.problems().forEach(problem -> LOG.warnf("%s: realm %s: %s; no app password can be created or used",
                AppPasswordCredentialModel.TYPE, realm.getName(), problem));
        return parsed.policy();
    }

    /** Empty when the user may have and use app passwords; otherwise why not. */
    static Optional<AppPasswordEligibility.Refusal> refusal(RealmModel realm, UserModel user) {
        AppPasswordPolicy policy = policy(realm);
        return AppPasswordEligibility.decide(new AppPasswordEligibility.Facts(policy.isAllowed(),
                user.getFirstAttribute(PerUserMfa.ATTRIBUTE), hasMfaMethod(user), privileged(realm, user, policy)));
    }

    private static boolean hasMfaMethod(UserModel user) {
        return user.credentialManager().getStoredCredentialsStream()
                .anyMatch(credential -> UserMethod.ofCredentialType(credential.getType()).isPresent());
    }

    /** Whether the user holds a privileged role (effective roles); null when a role does not exist. */
    private static Boolean privileged(RealmModel realm, UserModel user, AppPasswordPolicy policy) {
        boolean privileged = false;
        for (RoleReference reference : policy.privilegedRoles()) {
            RoleModel role = reference.resolve(realm);
            if (role == null) {
                LOG.warnf("%s: privileged role %s does not exist in realm %s; failing closed",
                        AppPasswordCredentialModel.TYPE, reference, realm.getName());
                return null;
            }
            privileged |= user.hasRole(role);
        }
        return privileged;
    }

    static AppPasswordCredentialProvider provider(KeycloakSession session) {
        return (AppPasswordCredentialProvider) session.getProvider(CredentialProvider.class,
                AppPasswordCredentialProviderFactory.PROVIDER_ID);
    }

    /** The name as stored (trimmed), or what is wrong with it: 1..64 characters, no control characters. */
    static Optional<String> nameProblem(String displayName) {
        if (displayName == null || displayName.isBlank()) {
            return Optional.of("must not be empty");
        }
        String name = displayName.strip();
        if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            return Optional.of("must be at most " + MAX_NAME_LENGTH + " characters");
        }
        if (name.codePoints().anyMatch(Character::isISOControl)) {
            return Optional.of("must not contain control characters");
        }
        return Optional.empty();
    }

    /** Whether the user already has an app password of this name (compared ignoring case). */
    static boolean nameTaken(List<AppPasswordCredentialModel> existing, String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        return existing.stream().anyMatch(model -> wanted.equals(model.displayName().strip().toLowerCase(Locale.ROOT)));
    }

    /** Why an app password created alongside another one at the same moment must go again. */
    enum Clash {
        /** The user would have more than {@link #MAX_PER_USER}. */
        TOO_MANY,
        /** Another app password of the user has the same name. */
        NAME_IN_USE
    }

    /**
     * Checked after the new app password ({@code createdId}) is committed, against every app password of the user
     * then visible ({@code all}, the new one included): whether it must be deleted again. Two creations at the same
     * moment may both have passed the checks before creating; the one that commits last sees the other and removes
     * itself, so the user never keeps more than {@link #MAX_PER_USER} nor two of one name. Both may remove
     * themselves when each sees the other, which refuses one creation too many and never allows one.
     */
    static Optional<Clash> clash(List<AppPasswordCredentialModel> all, String createdId) {
        if (all.size() > MAX_PER_USER) {
            return Optional.of(Clash.TOO_MANY);
        }
        Optional<AppPasswordCredentialModel> created = all.stream()
                .filter(model -> model.getId().equals(createdId)).findFirst();
        if (created.isEmpty()) {
            return Optional.empty();
        }
        List<AppPasswordCredentialModel> others = all.stream()
                .filter(model -> !model.getId().equals(createdId)).toList();
        return nameTaken(others, created.get().displayName()) ? Optional.of(Clash.NAME_IN_USE) : Optional.empty();
    }

    /** Creates an app password whose lookup key no other app password of the user has. */
    static Created create(KeycloakSession session, RealmModel realm, UserModel user, String displayName,
            List<AppPasswordCredentialModel> existing, Instant now) {
        Set<String> taken = existing.stream().map(AppPasswordCredentialModel::lookup).collect(Collectors.toSet());
        String password;
        String canonical;
        do {
            password = AppPasswordCode.generate(RANDOM);
            canonical = AppPasswordCode.parse(password).orElseThrow();
        } while (taken.contains(AppPasswordCode.lookup(canonical)));
        AppPasswordCredentialModel model = AppPasswordCredentialModel.create(displayName.strip(),
                AppPasswordCode.lookup(canonical), TemporaryAccessPassHash.hash(canonical, RANDOM), now);
        AppPasswordCredentialModel stored = AppPasswordCredentialModel.fromCredentialModel(
                provider(session).createCredential(realm, user, model));
        return new Created(stored, password);
    }

    /**
     * Deletes every app password of the user (SPEC §5: a password reset revokes them) and records each as a
     * {@code REMOVE_CREDENTIAL} event; answers how many there were.
     */
    public static int revokeAll(KeycloakSession session, RealmModel realm, UserModel user, String reason) {
        AppPasswordCredentialProvider provider = provider(session);
        List<AppPasswordCredentialModel> all = provider.list(user);
        for (AppPasswordCredentialModel model : all) {
            provider.deleteCredential(realm, user, model.getId());
            AppPasswordEvents.revoked(session, realm, user, model, reason);
        }
        if (!all.isEmpty()) {
            LOG.infof("%s: revoked %d app password(s) of user %s in realm %s: %s", AppPasswordCredentialModel.TYPE,
                    all.size(), user.getUsername(), realm.getName(), reason);
        }
        return all.size();
    }
}
