package com.dbadmin.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * DB_ADMIN_TRUSTED_PROXIES: the addresses (or CIDR ranges) of reverse proxies whose X-Forwarded-*
 * headers may say under which URL clients reach this server. Nobody else's are believed. Only IP
 * literals are accepted, so reading the configuration never waits for DNS.
 */
final class TrustedProxies {
    private record Range(byte[] network, int prefixBits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefixBits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** @throws IllegalArgumentException naming the entry that is not an IP address or CIDR range */
    static TrustedProxies parse(List<String> entries) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : entries) {
            String value = entry.trim();
            if (value.isEmpty()) {
                continue;
            }
            int slash = value.indexOf('/');
            String address = slash < 0 ? value : value.substring(0, slash);
            byte[] bytes = literal(address);
            if (bytes == null) {
                throw new IllegalArgumentException("DB_ADMIN_TRUSTED_PROXIES entry '" + value
                        + "' is not an IP address or CIDR range (such as 10.0.0.0/8)");
            }
            int bits = bytes.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(value.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > bytes.length * 8) {
                    throw new IllegalArgumentException("DB_ADMIN_TRUSTED_PROXIES entry '" + value
                            + "' has an invalid prefix length");
                }
            }
            ranges.add(new Range(bytes, bits));
        }
        return new TrustedProxies(ranges);
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    boolean trusts(InetAddress remote) {
        if (remote == null) {
            return false;
        }
        byte[] address = remote.getAddress();
        return ranges.stream().anyMatch(range -> range.contains(address));
    }

    /** The bytes of an IPv4 or IPv6 literal; null for anything else (host names included). */
    private static byte[] literal(String text) {
        boolean ipv4 = !text.isEmpty() && text.chars().allMatch(ch -> Character.isDigit(ch) || ch == '.');
        boolean ipv6 = text.contains(":") && text.chars().allMatch(ch -> Character.digit(ch, 16) >= 0 || ch == ':' || ch == '.');
        if (!ipv4 && !ipv6) {
            return null;
        }
        if (ipv4 && text.split("\\.", -1).length != 4) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
