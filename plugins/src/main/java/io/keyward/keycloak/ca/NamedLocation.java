package io.keyward.keycloak.ca;

import java.util.List;

/** Graph's ipNamedLocation: a network that location conditions name. */
public record NamedLocation(String displayName, List<IpRange> ipRanges, boolean isTrusted) {

    boolean contains(IpAddress address) {
        return ipRanges.stream().anyMatch(range -> range.contains(address));
    }
}
