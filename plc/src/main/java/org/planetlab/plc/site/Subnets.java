package org.planetlab.plc.site;

import java.net.InetAddress;
import org.planetlab.api.error.PlanetLabException;

/** The network prefixes a site's nodes live in. */
final class Subnets {
    private Subnets() {}

    /** Checks that a prefix has a valid address and a length that fits it. */
    static void check(String cidr) {
        int slash = cidr.indexOf('/');
        InetAddress address;
        try {
            address = InetAddress.ofLiteral(cidr.substring(0, slash));
        } catch (IllegalArgumentException e) {
            throw PlanetLabException.invalidArgument("site_fields.subnets: \"" + cidr + "\" is not a valid network prefix");
        }
        int length = Integer.parseInt(cidr.substring(slash + 1));
        int bits = address.getAddress().length * 8;
        if (length > bits) {
            throw PlanetLabException.invalidArgument(
                    "site_fields.subnets: \"%s\" has a prefix longer than %d bits".formatted(cidr, bits));
        }
    }
}
