package org.planetlab.bench.node;

import java.util.List;
import java.util.Map;
import org.planetlab.node.host.HostCommand;

/**
 * The benchmark's node for the shipped sliver network: a "node" namespace whose uplink reaches
 * an "internet" namespace (10.254.0.0/24); nothing is connected to the machine's own network.
 */
public final class LinuxNode {
    private static final HostCommand HOST = HostCommand.onHost();
    private static final String NODE = "plbench-node";
    /** The internet namespace's name, under /run/netns. */
    public static final String INTERNET = "plbench-inet";
    /** The node's address on its uplink, which the internet namespace reaches. */
    public static final String NODE_ADDRESS = "10.254.0.1";

    private LinuxNode() {}

    /** Builds the namespaces; returns the sliver network's config keys. */
    public static Map<String, String> create() {
        remove();
        HOST.run(List.of("ip", "netns", "add", NODE));
        HOST.run(List.of("ip", "netns", "add", INTERNET));
        HOST.run(List.of("ip", "link", "add", "up0", "netns", NODE, "type", "veth", "peer", "name", "eth0", "netns", INTERNET));
        HOST.runWithInput(List.of("ip", "-n", NODE, "-batch", "-"), "link set lo up\naddr add " + NODE_ADDRESS + "/24 dev up0\nlink set up0 up\n");
        HOST.runWithInput(List.of("ip", "-n", INTERNET, "-batch", "-"), "link set lo up\naddr add 10.254.0.2/24 dev eth0\nlink set eth0 up\n");
        return Map.of(
                "namespace-prefix", "plbench-s",
                "uplink-device", "up0",
                "node-namespace", "/run/netns/" + NODE,
                "node-address", NODE_ADDRESS,
                "spare-slots", "8");
    }

    public static void remove() {
        for (String namespace : List.of(NODE, INTERNET)) {
            HOST.runAllowingFailure(List.of("ip", "netns", "del", namespace), null);
        }
    }
}
