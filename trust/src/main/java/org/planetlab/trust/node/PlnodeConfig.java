package org.planetlab.trust.node;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.cert.Names;

/**
 * The contents of a node's {@code plnode.txt} (Architecture §4.1): how it gets its address, its
 * address, name and network device, and the node id and key it authenticates with. Other
 * {@code KEY = "value"} settings (gateway, DNS servers, ...) are kept in {@code extra}.
 *
 * @param ipMethod {@code dhcp} or {@code static}
 * @param ipAddress the node's address; required when static
 * @param hostname the node's DNS name
 * @param netDevice the MAC address of the interface to use, if given
 * @param nodeKey the shared secret
 * @param nodeId the MA's id of the node
 * @param extra other settings by name, in name order
 */
public record PlnodeConfig(IpMethod ipMethod, Optional<String> ipAddress, String hostname, Optional<String> netDevice,
                           NodeKey nodeKey, long nodeId, SortedMap<String, String> extra) {
    private static final Pattern MAC = Pattern.compile("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}");

    /** How the node configures its address. */
    public enum IpMethod {
        DHCP, STATIC;

        public String fileValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public PlnodeConfig {
        requireNonNull(ipMethod, "ipMethod is null");
        requireNonNull(ipAddress, "ipAddress is null");
        ipAddress = ipAddress.map(PlnodeConfig::checkAddress);
        hostname = Names.hostname(hostname);
        requireNonNull(netDevice, "netDevice is null");
        netDevice.ifPresent(mac -> {
            if (!MAC.matcher(mac).matches()) {
                throw PlanetLabException.invalidArgument("NET_DEV must be a MAC address such as 00:06:5B:EC:33:BB");
            }
        });
        requireNonNull(nodeKey, "nodeKey is null");
        Names.nodeId(nodeId);
        extra = Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(extra, "extra is null")));
        if (ipMethod == IpMethod.STATIC && ipAddress.isEmpty()) {
            throw PlanetLabException.invalidArgument("IP_ADDRESS is required when IP_METHOD is \"static\"");
        }
    }

    static String checkAddress(String address) {
        if (!address.matches("[0-9a-fA-F:.]{2,45}")) {
            throw PlanetLabException.invalidArgument("IP_ADDRESS is not an IP address literal");
        }
        try {
            return java.net.InetAddress.ofLiteral(address).getHostAddress();
        } catch (IllegalArgumentException e) {
            throw PlanetLabException.invalidArgument("IP_ADDRESS is not an IP address literal");
        }
    }
}
