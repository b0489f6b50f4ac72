package io.keyward.keycloak.ca;

import java.util.Arrays;
import java.util.Optional;

/**
 * A literal IPv4 (dotted quad) or IPv6 address (no zone), never a host name: parsing never touches DNS. An
 * IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) is its IPv4 address.
 */
record IpAddress(byte[] bytes) {

    private static final byte[] IPV4_MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    /** The address of a sign-in; an IPv4-mapped IPv6 address becomes its IPv4 address. */
    static Optional<IpAddress> parse(String text) {
        return literal(text).map(address -> address.unmapped());
    }

    /** The address as written (the network of a CIDR range). */
    static Optional<IpAddress> literal(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        return (text.indexOf(':') < 0 ? ipv4(text) : ipv6(text)).map(IpAddress::new);
    }

    private IpAddress unmapped() {
        if (bytes.length == 16 && Arrays.equals(Arrays.copyOf(bytes, 12), IPV4_MAPPED_PREFIX)) {
            return new IpAddress(Arrays.copyOfRange(bytes, 12, 16));
        }
        return this;
    }

    private static Optional<byte[]> ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int index = 0; index < 4; index++) {
            String part = parts[index];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || (part.length() > 1 && part.charAt(0) == '0')) {
                return Optional.empty();
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return Optional.empty();
            }
            bytes[index] = (byte) value;
        }
        return Optional.of(bytes);
    }

    private static Optional<byte[]> ipv6(String text) {
        int compression = text.indexOf("::");
        if (compression >= 0 && text.indexOf("::", compression + 1) >= 0) {
            return Optional.empty();
        }
        String head = compression >= 0 ? text.substring(0, compression) : text;
        String tail = compression >= 0 ? text.substring(compression + 2) : "";
        Optional<int[]> headGroups = groups(head, compression < 0 || tail.isEmpty());
        Optional<int[]> tailGroups = groups(tail, true);
        if (headGroups.isEmpty() || tailGroups.isEmpty()) {
            return Optional.empty();
        }
        int[] first = headGroups.get();
        int[] last = tailGroups.get();
        int total = first.length + last.length;
        if (compression < 0 ? total != 8 : total > 7) {
            return Optional.empty();
        }
        byte[] bytes = new byte[16];
        for (int index = 0; index < first.length; index++) {
            put(bytes, index, first[index]);
        }
        for (int index = 0; index < last.length; index++) {
            put(bytes, 8 - last.length + index, last[index]);
        }
        return Optional.of(bytes);
    }

    /** Colon-separated 16-bit groups; the last may be a dotted quad (two groups) when {@code mayEndInIpv4}. */
    private static Optional<int[]> groups(String text, boolean mayEndInIpv4) {
        if (text.isEmpty()) {
            return Optional.of(new int[0]);
        }
        String[] parts = text.split(":", -1);
        int[] groups = new int[parts.length + 1];
        int count = 0;
        for (int index = 0; index < parts.length; index++) {
            String part = parts[index];
            if (index == parts.length - 1 && mayEndInIpv4 && part.indexOf('.') >= 0) {
                Optional<byte[]> ipv4 = ipv4(part);
                if (ipv4.isEmpty()) {
                    return Optional.empty();
                }
                byte[] bytes = ipv4.get();
                groups[count++] = (bytes[0] & 0xff) << 8 | (bytes[1] & 0xff);
                groups[count++] = (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
            } else if (part.isEmpty() || part.length() > 4
                    || !part.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return Optional.empty();
            } else {
                groups[count++] = Integer.parseInt(part, 16);
            }
        }
        return Optional.of(Arrays.copyOf(groups, count));
    }

    private static void put(byte[] bytes, int group, int value) {
        bytes[2 * group] = (byte) (value >> 8);
        bytes[2 * group + 1] = (byte) value;
    }
}
