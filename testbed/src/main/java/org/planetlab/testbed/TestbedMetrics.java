package org.planetlab.testbed;

/**
 * Where the testbed's PLC and node agents serve their Prometheus metrics (docs/operations.md):
 * PLC on a loopback address of the testbed's own (127.(the subnet's second number).0.254), each
 * agent on its node's address inside the node's namespace; never on an address outside this
 * machine. A Prometheus on this machine scrapes them all.
 */
final class TestbedMetrics {
    static final int PORT = 9100;

    private TestbedMetrics() {}

    /** PLC's {@code metrics.listen}. */
    static String plcListen(TestbedLayout layout) {
        return "127." + layout.subnet().split("\\.")[1] + ".0.254:" + PORT;
    }

    /** A node agent's {@code metrics-listen}. */
    static String nodeListen(TestbedLayout.TestbedNode node) {
        return node.address() + ":" + PORT;
    }

    /** The line {@code testbed up} prints. */
    static String describe(TestbedLayout layout) {
        StringBuilder text = new StringBuilder("metrics: PLC http://" + plcListen(layout) + "/metrics, nodes");
        layout.nodes().forEach(node -> text.append(" http://").append(nodeListen(node)).append("/metrics"));
        return text.toString();
    }
}
