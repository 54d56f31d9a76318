package org.planetlab.node.net.layout;

import static java.util.Objects.requireNonNull;

import java.net.Inet4Address;
import java.util.List;
import java.util.regex.Pattern;
import org.planetlab.node.net.Ipv4Cidr;

/**
 * How one node agent lays out its slivers' networks. All names carry the agent's prefixes so that
 * several agents on one machine (the testbed in a box runs one per node network namespace) never
 * touch each other's objects. Read from dashed keys with {@link SliverNetworkConfigReader}.
 *
 * @param namespacePrefix start of every sliver network namespace name ({@code /run/netns/<prefix><slot>});
 *     unique per agent on the machine, since namespace names are machine-wide
 * @param devicePrefix start of the node-side veth names ({@code <prefix><slot>}, at most 15 characters)
 * @param uplinkDevice the node's device towards the Internet; shaping happens on its egress
 * @param nodeNamespace the node's network namespace file (e.g. {@code /run/netns/node1}) when the
 *     agent runs its tools there through a prefix, or empty when the agent itself runs in it; the
 *     agent opens its netfilter socket there
 * @param nodeAddress the node's address; sliver traffic leaves with it as source
 * @param sliverSubnet private addresses for slivers: the first is the slivers' gateway, the last
 *     but one receives the owner VM's mirror, the rest go to slots
 * @param sliverDevice the name of a sliver's end of its veth, inside its namespace
 * @param nodeRateKbps the node's outgoing cap until the site sets one
 * @param nodeReservedKbps rate guaranteed to the node's own traffic (agent, SSH gateway)
 * @param probePacketsPerSecond probe packets (ICMP, IP options, low TTL) a sliver may send per second
 * @param probeBurstPackets probe packets a sliver may send at once before the rate applies
 * @param probeTtlBelow packets with a TTL below this count as probes (traceroute); 0 turns it off
 * @param connectionAttemptsPerSecond TCP SYNs a sliver may send per second; 0 means no limit
 * @param connectionAttemptBurst TCP SYNs a sliver may send at once before the rate applies
 * @param blockedDestinations networks slivers may not reach, as the site asked, until changed at runtime
 * @param spareSlots how many sliver networks to keep ready so attaching one is a single update
 * @param leafQueue the queue under each sliver's class
 * @param tableName the agent's nftables table (family {@code ip})
 */
public record SliverNetworkConfig(
        String namespacePrefix,
        String devicePrefix,
        String uplinkDevice,
        String nodeNamespace,
        Inet4Address nodeAddress,
        Ipv4Cidr sliverSubnet,
        String sliverDevice,
        long nodeRateKbps,
        long nodeReservedKbps,
        int probePacketsPerSecond,
        int probeBurstPackets,
        int probeTtlBelow,
        int connectionAttemptsPerSecond,
        int connectionAttemptBurst,
        List<Ipv4Cidr> blockedDestinations,
        int spareSlots,
        LeafQueue leafQueue,
        String tableName) {
    private static final Pattern NAMESPACE_PREFIX = Pattern.compile("[a-z][a-z0-9_-]{0,39}");
    private static final Pattern DEVICE_PREFIX = Pattern.compile("[a-z][a-z0-9]{0,9}");
    private static final Pattern DEVICE = Pattern.compile("[a-zA-Z][a-zA-Z0-9_.-]{0,14}");
    private static final Pattern TABLE = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    public SliverNetworkConfig {
        requireNonNull(namespacePrefix, "namespacePrefix is null");
        requireNonNull(devicePrefix, "devicePrefix is null");
        requireNonNull(uplinkDevice, "uplinkDevice is null");
        requireNonNull(nodeNamespace, "nodeNamespace is null");
        requireNonNull(nodeAddress, "nodeAddress is null");
        requireNonNull(sliverSubnet, "sliverSubnet is null");
        requireNonNull(sliverDevice, "sliverDevice is null");
        blockedDestinations = List.copyOf(requireNonNull(blockedDestinations, "blockedDestinations is null"));
        requireNonNull(leafQueue, "leafQueue is null");
        requireNonNull(tableName, "tableName is null");
        check(NAMESPACE_PREFIX.matcher(namespacePrefix).matches(), "namespace-prefix",
                "'" + namespacePrefix + "' must be 1-40 of a-z, 0-9, '_', '-', starting with a letter");
        check(DEVICE_PREFIX.matcher(devicePrefix).matches(), "device-prefix",
                "'" + devicePrefix + "' must be 1-10 of a-z, 0-9, starting with a letter, so names with a slot fit 15 characters");
        check(DEVICE.matcher(uplinkDevice).matches(), "uplink-device", "'" + uplinkDevice + "' is not a device name");
        check(!uplinkDevice.startsWith(devicePrefix), "uplink-device",
                "'" + uplinkDevice + "' starts with the device prefix '" + devicePrefix + "' and would be taken for a sliver's");
        check(nodeNamespace.isEmpty() || nodeNamespace.startsWith("/"), "node-namespace",
                "'" + nodeNamespace + "' must be an absolute path such as /run/netns/node1, or empty");
        check(DEVICE.matcher(sliverDevice).matches(), "sliver-device", "'" + sliverDevice + "' is not a device name");
        check(sliverSubnet.prefixLength() <= 29 && sliverSubnet.prefixLength() >= 8, "sliver-subnet",
                sliverSubnet + " must be between a /8 and a /29");
        check(!sliverSubnet.contains(nodeAddress), "sliver-subnet",
                sliverSubnet + " contains the node's address " + nodeAddress.getHostAddress());
        check(nodeRateKbps > 0, "node-rate-kbps", "must be positive, was " + nodeRateKbps);
        check(nodeReservedKbps > 0 && nodeReservedKbps < nodeRateKbps, "node-reserved-kbps",
                "must be positive and below node-rate-kbps (" + nodeRateKbps + "), was " + nodeReservedKbps);
        check(probePacketsPerSecond > 0, "probe-packets-per-second", "must be positive, was " + probePacketsPerSecond);
        check(probeBurstPackets > 0, "probe-burst-packets", "must be positive, was " + probeBurstPackets);
        check(probeTtlBelow >= 0 && probeTtlBelow <= 255, "probe-ttl-below", "must be 0 to 255, was " + probeTtlBelow);
        check(connectionAttemptsPerSecond >= 0, "connection-attempts-per-second",
                "must not be negative, was " + connectionAttemptsPerSecond);
        check(connectionAttemptBurst > 0, "connection-attempt-burst", "must be positive, was " + connectionAttemptBurst);
        check(spareSlots >= 0 && spareSlots <= 256, "spare-slots", "must be 0 to 256, was " + spareSlots);
        check(TABLE.matcher(tableName).matches(), "nft-table", "'" + tableName + "' must be 1-32 of a-z, 0-9, '_'");
    }

    private static void check(boolean condition, String key, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(key + ": " + problem);
        }
    }
}
