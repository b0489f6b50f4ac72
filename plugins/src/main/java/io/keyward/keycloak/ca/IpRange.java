package io.keyward.keycloak.ca;

import java.util.Optional;

/** A CIDR range of a named location; IPv4 ranges never contain IPv6 addresses and the other way round. */
record IpRange(IpAddress network, int prefixLength) {

    static Optional<IpRange> parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String length = cidr.substring(slash + 1);
        if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        int prefixLength = Integer.parseInt(length);
        return IpAddress.literal(cidr.substring(0, slash))
                .filter(network -> prefixLength <= network.bytes().length * 8)
                .map(network -> new IpRange(network, prefixLength));
    }

    boolean contains(IpAddress address) {
        byte[] network = this.network.bytes();
        byte[] candidate = address.bytes();
        if (network.length != candidate.length) {
            return false;
        }
        int bits = prefixLength;
        for (int index = 0; bits > 0; index++, bits -= 8) {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((network[index] & mask) != (candidate[index] & mask)) {
                return false;
            }
        }
        return true;
    }
}
