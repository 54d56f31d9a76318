package org.planetlab.testbed;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Where everything of a testbed in a box lives: one private /24 on a bridge in the host's
 * network namespace, PLC on the bridge's address, each node a network namespace with its own
 * address, and one more namespace standing for the Internet. Nodes have no default route, so
 * nothing a node or sliver sends can leave the subnet.
 *
 * @param dataDir where PLC, the nodes and the state file keep their files
 * @param nodeCount how many nodes
 * @param subnet the first three octets of the /24, e.g. {@code 10.77.0}
 * @param plcPort the TCP port of PLC's API (over TLS)
 * @param prefix of every kernel object the testbed creates (network namespaces, links, the guard
 *     table, the node agents' cgroups and run directories): {@code pl} and two letters, so that
 *     two testbeds (a person's and the tests') never touch each other's objects
 * @param peer empty for a testbed with one PLC; for one of two peered PLCs ({@link PeeredTestbed}),
 *     a lowercase letter naming it, which keeps its names apart from its peer's: its domain
 *     ({@code b.testbed.planetlab.test}), its demo site ({@code demob}) and its name among peers
 *     ({@code plc-b})
 */
public record TestbedLayout(Path dataDir, int nodeCount, String subnet, int plcPort, String prefix, String peer) {
    /** The prefix of the testbed people start with {@code bin/testbed}. */
    public static final String DEFAULT_PREFIX = "pltb";
    public static final String DOMAIN = "testbed.planetlab.test";
    public static final int MAX_NODES = 64;
    /**
     * The GENI aggregate's and the SFA registry's ports on PLC's address: SFA's own defaults, so an
     * sfi or omni configuration written for an SFA server works as it is (each PLC of the box has
     * its own address, so two testbeds never share these).
     */
    public static final int AM_PORT = 12346;
    public static final int REGISTRY_PORT = 12345;

    public TestbedLayout(Path dataDir, int nodeCount, String subnet, int plcPort) {
        this(dataDir, nodeCount, subnet, plcPort, DEFAULT_PREFIX);
    }

    /** A testbed with one PLC. */
    public TestbedLayout(Path dataDir, int nodeCount, String subnet, int plcPort, String prefix) {
        this(dataDir, nodeCount, subnet, plcPort, prefix, "");
    }

    public TestbedLayout {
        requireNonNull(prefix, "prefix is null");
        requireNonNull(peer, "peer is null");
        if (!peer.matches("[a-z]?")) {
            throw new IllegalArgumentException("a peered testbed's PLC is named by one lowercase letter, not " + peer);
        }
        if (!prefix.matches("pl[a-z]{2}")) {
            throw new IllegalArgumentException("a testbed prefix is pl and two lowercase letters, not " + prefix);
        }
        requireNonNull(dataDir, "dataDir is null");
        dataDir = dataDir.toAbsolutePath().normalize();
        if (nodeCount < 1 || nodeCount > MAX_NODES) {
            throw new IllegalArgumentException("a testbed has 1 to " + MAX_NODES + " nodes, not " + nodeCount);
        }
        if (!subnet.matches("(10|172\\.(1[6-9]|2[0-9]|3[01])|192\\.168)(\\.[0-9]{1,3}){1,2}")
                || subnet.split("\\.").length != 3) {
            throw new IllegalArgumentException("the subnet must be the first three octets of a private /24, such as"
                    + " 10.77.0, not " + subnet);
        }
    }

    /** The DNS domain of the testbed's people and nodes. */
    public String domain() {
        return peer.isEmpty() ? DOMAIN : peer + "." + DOMAIN;
    }

    /** The login base of the demo site. */
    public String siteLoginBase() {
        return "demo" + peer;
    }

    /** The PLC's name among peers ({@code peer.name}); only a peered testbed's PLC has one. */
    public String peerName() {
        if (peer.isEmpty()) {
            throw new IllegalStateException("a testbed with one PLC has no peers");
        }
        return "plc-" + peer;
    }

    public String bridge() {
        return prefix + "0";
    }

    public String guardTable() {
        return prefix + "_guard";
    }

    public String internetNamespace() {
        return prefix + "-inet";
    }

    /** {@code command} as run on the testbed's Internet host (in its network namespace), for a host command. */
    public List<String> onInternet(String... command) {
        return Stream.concat(Stream.of("nsenter", "--net=/run/netns/" + internetNamespace()),
                Stream.of(command)).toList();
    }

    /** Where each node's agent keeps its runtime copy of the software (so rebuilds do not touch it). */
    public Path runtimeDir() {
        return dataDir.resolve("runtime");
    }

    public String plcAddress() {
        return subnet + ".1";
    }

    public String internetAddress() {
        return subnet + ".250";
    }

    public String plcUrl() {
        return "https://" + plcAddress() + ":" + plcPort;
    }

    /** The GENI aggregate manager (AM API v3; TLS with the caller's GID as client certificate). */
    public String amUrl() {
        return "https://" + plcAddress() + ":" + AM_PORT;
    }

    /** The SFA registry face, beside the aggregate. */
    public String registryUrl() {
        return "https://" + plcAddress() + ":" + REGISTRY_PORT;
    }

    public Path plcDir() {
        return dataDir.resolve("plc");
    }

    public Path stateFile() {
        return dataDir.resolve("testbed.json");
    }

    public Path caFile() {
        return plcDir().resolve("trust").resolve("tls-ca.pem");
    }

    public Path demoDir() {
        return dataDir.resolve("demo");
    }

    public List<TestbedNode> nodes() {
        return IntStream.rangeClosed(1, nodeCount).mapToObj(this::node).toList();
    }

    public TestbedNode node(int index) {
        return new TestbedNode(index, "node" + index + "." + domain(), subnet + "." + (10 + index),
                prefix + "-n" + index, prefix + "-n" + index + "h", dataDir.resolve("nodes").resolve("node" + index),
                prefix.substring(2) + index);
    }

    /**
     * One node.
     *
     * @param index 1-based
     * @param hostname its DNS name in the registry
     * @param address its address on the bridge
     * @param namespace its network namespace
     * @param hostLink the host end of its link to the bridge
     * @param directory its files: agent config, state, plnode.txt, logs
     * @param agentPrefix the prefix of the node agent's own kernel objects
     */
    public record TestbedNode(int index, String hostname, String address, String namespace, String hostLink,
            Path directory, String agentPrefix) {
        public Path namespacePath() {
            return Path.of("/run/netns", namespace);
        }

        /** The node manager's socket, where host root (and the node's slices) call it. */
        public Path nodeManagerSocket() {
            return Path.of(NodeAgentFiles.RUN_ROOT, agentPrefix, "node-manager.sock");
        }
    }
}
