package io.keyward.keycloak.signin;

import java.util.Collection;

/** Group conditions and method targets: a group path covers its members and the members of every sub-group. */
public final class GroupPaths {

    private GroupPaths() {
    }

    /** Whether a member of the groups {@code memberOf} (direct paths) is in {@code path}; whole segments only. */
    public static boolean isWithin(Collection<String> memberOf, String path) {
        return memberOf.stream().anyMatch(group -> group.equals(path) || group.startsWith(path + "/"));
    }
}
