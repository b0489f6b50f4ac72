package io.keyward.keycloak.tap;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/** What issue (REST) and sign-in (authenticator) share: the policy as this realm holds it, and issuing a pass. */
final class TemporaryAccessPasses {

    private static final Logger LOG = Logger.getLogger(TemporaryAccessPasses.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A pass just issued: the stored credential and the code, which exists nowhere else and is shown once. */
    record Issued(TemporaryAccessPassCredentialModel pass, String code) {
    }

    private TemporaryAccessPasses() {
    }

    /** The realm's TAP policy; a broken one is logged and treated as no policy (fail closed). */
    static Optional<TemporaryAccessPassPolicy> policy(RealmModel realm) {
        TemporaryAccessPassPolicy.Parsed parsed =
                TemporaryAccessPassPolicy.parse(realm.getAttribute(TemporaryAccessPassPolicy.REALM_ATTRIBUTE));
        parsed.problems().forEach(problem -> LOG.warnf("%s: realm %s: %s; no Temporary Access Pass can be used",
                TemporaryAccessPassAuthenticatorFactory.PROVIDER_ID, realm.getName(), problem));
        return parsed.policy();
    }

    /** The paths of the groups the user is a direct member of; targets cover sub-groups themselves. */
    static Set<String> groupPaths(UserModel user) {
        return user.getGroupsStream().map(KeycloakModelUtils::buildGroupPath).collect(Collectors.toSet());
    }

    static boolean isTargeted(Optional<TemporaryAccessPassPolicy> policy, UserModel user) {
        return policy.isPresent() && policy.get().targets().appliesTo(groupPaths(user));
    }

    static TemporaryAccessPassCredentialProvider provider(KeycloakSession session) {
        return (TemporaryAccessPassCredentialProvider) session.getProvider(CredentialProvider.class,
                TemporaryAccessPassCredentialProviderFactory.PROVIDER_ID);
    }

    /** Creates the pass a {@link TemporaryAccessPassIssue.Decision} allows, replacing the user's previous one. */
    static Issued issue(KeycloakSession session, RealmModel realm, UserModel user, TemporaryAccessPassIssue.Pass pass,
            String createdBy, Instant now) {
        String code = TemporaryAccessPassCode.generate(RANDOM, pass.length());
        TemporaryAccessPassCredentialModel model = TemporaryAccessPassCredentialModel.create(pass,
                TemporaryAccessPassHash.hash(code, RANDOM), createdBy, now);
        TemporaryAccessPassCredentialModel stored = TemporaryAccessPassCredentialModel.fromCredentialModel(
                provider(session).createCredential(realm, user, model));
        return new Issued(stored, code);
    }

    /**
     * The key under which a one-time pass is consumed in Keycloak's single-use object store (the store its action
     * tokens use), cluster-wide. A new pass has a new credential id, so it never meets an old key.
     */
    static String consumptionKey(TemporaryAccessPassCredentialModel pass) {
        return "keyward-tap-consumed:" + pass.getId();
    }
}
