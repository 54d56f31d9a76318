package org.planetlab.bench.audit;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.planetlab.node.host.HostCommand;

/**
 * The three namespaces the auditing benchmarks run in, made and removed by them (root): the node's
 * ({@code n}), a sliver's ({@code s}, linked to the node by a veth named like the sliver network's,
 * {@code plv...}, the sliver at {@value #SLIVER_ADDRESS}) and a sink standing for the Internet
 * ({@code k}, at {@value #SINK_ADDRESS}, linked to the node's uplink {@code up0}). The node forwards
 * and source-NATs the sliver's traffic to its uplink address, as the sliver network does, so
 * connection tracking runs. Names carry a random tag so that two runs never meet.
 */
final class AuditBenchNetwork {
    static final String SINK_ADDRESS = "10.78.0.2";
    static final String SLIVER_ADDRESS = "10.77.0.2";
    private static final HostCommand HOST = HostCommand.onHost();
    private static final List<String> ROLES = List.of("n", "s", "k");

    private final String tag;
    private final String veth;
    private final Duration nodeCommandLimit;

    /** A network whose names start with {@code prefix} and a random tag; commands in the node's namespace may take {@code nodeCommandLimit}. */
    AuditBenchNetwork(String prefix, Duration nodeCommandLimit) {
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        this.tag = prefix + HexFormat.of().formatHex(random);
        this.veth = "plv" + tag.substring(tag.length() - 6);
        this.nodeCommandLimit = nodeCommandLimit;
    }

    /** The namespace of a role: {@code n} (node), {@code s} (sliver) or {@code k} (sink). */
    String namespace(String role) {
        return tag + "-" + role;
    }

    /** The node's end of the sliver's veth. */
    String veth() {
        return veth;
    }

    /** Runs commands in the node's namespace. */
    HostCommand inNode() {
        return new HostCommand(List.of("nsenter", "--net=/run/netns/" + namespace("n")), nodeCommandLimit);
    }

    /** Makes the namespaces, links, addresses and the node's source NAT; {@code nodeSysctls} are set in the node beside forwarding. */
    void create(String... nodeSysctls) {
        for (String role : ROLES) {
            HOST.run(List.of("ip", "netns", "add", namespace(role)));
        }
        HOST.run(List.of("ip", "link", "add", veth, "netns", namespace("n"), "type", "veth", "peer", "name", "eth0",
                "netns", namespace("s")));
        HOST.run(List.of("ip", "link", "add", "up0", "netns", namespace("n"), "type", "veth", "peer", "name", "eth0",
                "netns", namespace("k")));
        HOST.runWithInput(List.of("ip", "-n", namespace("n"), "-batch", "-"), "link set lo up\naddr add 10.77.0.1/30 dev "
                + veth + "\nlink set " + veth + " up\naddr add 10.78.0.1/24 dev up0\nlink set up0 up\n");
        HOST.runWithInput(List.of("ip", "-n", namespace("s"), "-batch", "-"), "link set lo up\naddr add " + SLIVER_ADDRESS
                + "/30 dev eth0\nlink set eth0 up\nroute add default via 10.77.0.1\n");
        HOST.runWithInput(List.of("ip", "-n", namespace("k"), "-batch", "-"),
                "link set lo up\naddr add " + SINK_ADDRESS + "/24 dev eth0\nlink set eth0 up\n");
        List<String> sysctl = new ArrayList<>(List.of("sysctl", "-q", "-w", "net.ipv4.ip_forward=1"));
        sysctl.addAll(List.of(nodeSysctls));
        inNode().run(sysctl);
        // The sliver network's source NAT to the node's public address.
        inNode().runWithInput(List.of("nft", "-f", "-"), "table ip bench_nat {\n chain post {\n"
                + "  type nat hook postrouting priority srcnat; oifname \"up0\" masquerade;\n }\n}\n");
    }

    /** Removes the namespaces (and with them every link and table in them); never fails. */
    void remove() {
        for (String role : ROLES) {
            HOST.runAllowingFailure(List.of("ip", "netns", "del", namespace(role)), null);
        }
    }
}
