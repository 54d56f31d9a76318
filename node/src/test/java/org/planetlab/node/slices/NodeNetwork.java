package org.planetlab.node.slices;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.planetlab.node.host.HostCommand;

/**
 * A node for slice tests: a network namespace whose uplink {@code up0} is one end of a veth pair,
 * the other end in the machine's own namespace holding PLC's address. A private /24 chosen at
 * random in 10.251.0.0/16; nothing is routed anywhere else. {@link #cutOff} drops the node's
 * packets to PLC (an nft table in the node's namespace) and {@link #reconnect} removes it.
 */
final class NodeNetwork implements AutoCloseable {
    private static final HostCommand HOST = HostCommand.onHost();

    final String tag;
    final String namespace;
    final String plcAddress;
    final String nodeAddress;
    private final String hostLink;

    private NodeNetwork(String tag, int octet) {
        this.tag = tag;
        this.namespace = tag + "-node";
        this.hostLink = tag + "h";
        this.plcAddress = "10.251." + octet + ".1";
        this.nodeAddress = "10.251." + octet + ".2";
    }

    static NodeNetwork create(String purpose) {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[2];
        random.nextBytes(bytes);
        NodeNetwork network = new NodeNetwork("pls" + purpose + HexFormat.of().formatHex(bytes), 1 + random.nextInt(250));
        try {
            network.build();
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
        return network;
    }

    private void build() {
        HOST.run(List.of("ip", "netns", "add", namespace));
        HOST.run(List.of("ip", "link", "add", hostLink, "type", "veth", "peer", "name", "up0", "netns", namespace));
        HOST.runWithInput(List.of("ip", "-batch", "-"), "addr add " + plcAddress + "/24 dev " + hostLink + "\nlink set " + hostLink + " up\n");
        HOST.runWithInput(List.of("ip", "-n", namespace, "-batch", "-"),
                "link set lo up\naddr add " + nodeAddress + "/24 dev up0\nlink set up0 up\n");
    }

    String namespacePath() {
        return "/run/netns/" + namespace;
    }

    /** Runs a command in the node's namespace. */
    HostCommand inNode() {
        return new HostCommand(List.of("nsenter", "--net=" + namespacePath()), java.time.Duration.ofSeconds(60));
    }

    void cutOff() {
        inNode().runWithInput(List.of("nft", "-f", "-"), """
                table inet plstest_cut {
                    chain out { type filter hook output priority 0; ip daddr %s drop; }
                    chain in { type filter hook input priority 0; ip saddr %s drop; }
                }
                """.formatted(plcAddress, plcAddress));
    }

    void reconnect() {
        inNode().runAllowingFailure(List.of("nft", "delete", "table", "inet", "plstest_cut"), null);
    }

    @Override
    public void close() {
        HOST.runAllowingFailure(List.of("ip", "link", "del", hostLink), null);
        HOST.runAllowingFailure(List.of("ip", "netns", "del", namespace), null);
    }
}
