package org.planetlab.trust.node;

import static java.util.Objects.requireNonNull;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * The boot server's sanity check that a node's request comes from the address registered for it
 * (Architecture §4.8.2): it catches a {@code plnode.txt} put in the wrong machine. IPv4-mapped IPv6
 * addresses ({@code ::ffff:a.b.c.d}) compare equal to their IPv4 form.
 */
public final class SourceAddress {
    private SourceAddress() {
    }

    public static boolean matches(InetAddress registered, InetAddress actual) {
        return normalize(requireNonNull(registered, "registered is null")).equals(normalize(requireNonNull(actual, "actual is null")));
    }

    /** Refuses a request of node {@code nodeId} from another address than the registered one. */
    public static void require(long nodeId, InetAddress registered, InetAddress actual) {
        if (!matches(registered, actual)) {
            throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, "node authentication: request for node " + nodeId + " came from "
                    + actual.getHostAddress() + ", but the node is registered at " + registered.getHostAddress()
                    + "; check that the right plnode.txt is in this machine");
        }
    }

    private static InetAddress normalize(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] bytes = v6.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= bytes[i] == 0;
            }
            mapped &= bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
            if (mapped) {
                try {
                    return Inet4Address.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
                } catch (UnknownHostException e) {
                    throw new IllegalStateException("four bytes always make an IPv4 address", e);
                }
            }
        }
        return address;
    }
}
