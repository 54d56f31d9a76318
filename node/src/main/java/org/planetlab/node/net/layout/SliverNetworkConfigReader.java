package org.planetlab.node.net.layout;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.net.Ipv4Cidr;

/**
 * Builds a {@link SliverNetworkConfig} from dashed keys (as they appear in the agent's config
 * file), filling in defaults that run the testbed in a box. Only {@code uplink-device} and
 * {@code node-address} have no default. Unknown keys and bad values are refused with a message
 * naming the key.
 */
public final class SliverNetworkConfigReader {
    private static final Map<String, String> DEFAULTS = defaults();
    private static final Set<String> REQUIRED = Set.of("uplink-device", "node-address");

    private SliverNetworkConfigReader() {}

    public static SliverNetworkConfig read(Map<String, String> values) {
        requireNonNull(values, "values is null");
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(DEFAULTS.keySet());
        unknown.removeAll(REQUIRED);
        if (!unknown.isEmpty()) {
            Set<String> known = new TreeSet<>(DEFAULTS.keySet());
            known.addAll(REQUIRED);
            throw PlanetLabException.invalidArgument("unknown sliver network config keys " + unknown
                    + "; known keys are " + known);
        }
        Map<String, String> merged = new HashMap<>(DEFAULTS);
        merged.putAll(values);
        try {
            return new SliverNetworkConfig(
                    get(merged, "namespace-prefix", Function.identity()),
                    get(merged, "device-prefix", Function.identity()),
                    get(merged, "uplink-device", Function.identity()),
                    get(merged, "node-namespace", Function.identity()),
                    get(merged, "node-address", Ipv4Cidr::parseAddress),
                    get(merged, "sliver-subnet", Ipv4Cidr::parse),
                    get(merged, "sliver-device", Function.identity()),
                    get(merged, "node-rate-kbps", Long::parseLong),
                    get(merged, "node-reserved-kbps", Long::parseLong),
                    get(merged, "probe-packets-per-second", Integer::parseInt),
                    get(merged, "probe-burst-packets", Integer::parseInt),
                    get(merged, "probe-ttl-below", Integer::parseInt),
                    get(merged, "connection-attempts-per-second", Integer::parseInt),
                    get(merged, "connection-attempt-burst", Integer::parseInt),
                    get(merged, "blocked-destinations", SliverNetworkConfigReader::networks),
                    get(merged, "spare-slots", Integer::parseInt),
                    get(merged, "leaf-queue", LeafQueue::parse),
                    get(merged, "nft-table", Function.identity()));
        } catch (IllegalArgumentException e) {
            throw PlanetLabException.invalidArgument("sliver network config " + e.getMessage());
        }
    }

    /** Parses a comma-separated list of networks; empty text is an empty list. */
    static List<Ipv4Cidr> networks(String text) {
        if (text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(String::strip).map(Ipv4Cidr::parse).toList();
    }

    private static <T> T get(Map<String, String> values, String key, Function<String, T> parser) {
        String text = values.get(key);
        if (text == null) {
            throw new IllegalArgumentException(key + ": is required");
        }
        try {
            return parser.apply(text.strip());
        } catch (PlanetLabException | IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> defaults() {
        return Map.ofEntries(
                Map.entry("namespace-prefix", "pl-sliver-"),
                Map.entry("device-prefix", "plv"),
                Map.entry("node-namespace", ""),
                Map.entry("sliver-subnet", "10.200.0.0/16"),
                Map.entry("sliver-device", "eth0"),
                Map.entry("node-rate-kbps", "100000"),
                Map.entry("node-reserved-kbps", "1000"),
                Map.entry("probe-packets-per-second", "10"),
                Map.entry("probe-burst-packets", "20"),
                Map.entry("probe-ttl-below", "32"),
                Map.entry("connection-attempts-per-second", "100"),
                Map.entry("connection-attempt-burst", "200"),
                Map.entry("blocked-destinations", ""),
                Map.entry("spare-slots", "4"),
                Map.entry("leaf-queue", "auto"),
                Map.entry("nft-table", "planetlab"));
    }
}
