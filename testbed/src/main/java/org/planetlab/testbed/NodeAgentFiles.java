package org.planetlab.testbed;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.planetlab.node.host.NodeJvm;
import org.planetlab.node.owner.OwnerScript;

/**
 * The configuration of the testbed nodes' agents, which the boot manager assembles at each boot
 * (docs/boot.md): defaults and the owner script (handing the node to PLC's slice authority) in
 * the node software release, each node's own prefixes, directories and uid range in its
 * plnode.txt; PLC's address, TLS CA and the root keys come from the boot medium.
 */
final class NodeAgentFiles {
    /** Each node's slivers own host uids from here, 16,842,752 ids (256 slivers) per node. */
    private static final long UID_BASE = 1_000_000_000L;
    private static final long UIDS_PER_NODE = 257L * 65_536;
    static final int MAX_SLIVERS_PER_NODE = 256;
    /** Where the agents keep their volatile files: {@code RUN_ROOT/<prefix>}. */
    static final String RUN_ROOT = "/run/planetlab";
    /** The nodes' ping-of-death port: PLC's default, {@code reboot.pod-port}. */
    static final int POD_PORT = org.planetlab.plc.reboot.RebootSettings.DEFAULT_POD_PORT;
    /** Where each node's own page listens behind HTTP by name, on the loopback of its namespace. */
    static final int NODE_PAGE_PORT = 8079;
    /** The owner script's name in the testbed's node software release. */
    static final String OWNER_SCRIPT = "owner-script.properties";

    private NodeAgentFiles() {}

    /** Testbeds with different prefixes use different uid ranges, so they can run side by side. */
    private static long uidBase(TestbedLayout layout) {
        return layout.prefix().equals(TestbedLayout.DEFAULT_PREFIX) ? UID_BASE
                : UID_BASE + TestbedLayout.MAX_NODES * UIDS_PER_NODE;
    }

    /**
     * The node's owner script: the whole node pooled for PLC's slice authority and its slice
     * creation service (the SA certificate it names is PLC's, made when PLC started).
     */
    static String ownerScript(TestbedLayout layout) {
        return OwnerScript.wholeNode("plc", "plc.scs", layout.plcDir().resolve("trust").resolve("sa.cert.xml"));
    }

    /**
     * The defaults of every testbed node's agent, published with the node software release:
     * what does not depend on the node (the boot manager adds PLC's address, the medium's CA and
     * roots, plnode.txt, the state directory and the node's address; plnode.txt the rest), with
     * the sliver image and the package repository slivers' apt uses.
     */
    static String releaseDefaults(TestbedLayout layout, Path image, String packageRepository) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("image-dir", image.toString());
        values.put("package-repository", packageRepository);
        // PLC's configuration files (docs/node-agent.md), checked often: a testbed is for trying things out.
        values.put("conf-files-seconds", "10");
        values.put("max-slivers", Integer.toString(MAX_SLIVERS_PER_NODE));
        values.put("disk-image-gigabytes", "8");
        values.put("boot-check-seconds", "30");
        values.put("ssh-port", "22");
        values.put("scs-port", "8812");
        values.put("uplink-device", "eth0");
        values.put("node-rate-kbps", "100000");
        // Flow auditing (docs/auditing.md), with short timeouts so that a flow reaches PLC within
        // seconds: a testbed is for trying things out.
        values.put("audit-active-timeout-seconds", "5");
        values.put("audit-upload-seconds", "3");
        values.put("audit-site-name", TestbedSeed.siteName(layout));
        // HTTP on port 80 by name (docs/node-network.md): the node's own page answers behind the
        // front, on the loopback of the node's namespace.
        values.put("http-by-name-port", "80");
        values.put("http-by-name-page", "127.0.0.1:" + NODE_PAGE_PORT);
        values.put("audit-page-address", "127.0.0.1");
        values.put("audit-page-port", Integer.toString(NODE_PAGE_PORT));
        // Remote reboot (docs/operations.md): PLC's ping of death runs the node's reboot script.
        values.put("pod-port", Integer.toString(POD_PORT));
        StringBuilder text = new StringBuilder("# Node agent defaults of the testbed's nodes; see docs/node-agent.md\n");
        values.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        return text.toString();
    }

    /**
     * What is this node's own in its agent's configuration, as plnode.txt lines the boot manager
     * reads ({@code AGENT_UID_BASE} sets {@code uid-base}): its prefixes, directories, uid range,
     * owner script (from the release), reboot script and metrics listener.
     */
    static Map<String, String> plnodeSettings(TestbedLayout layout, TestbedLayout.TestbedNode node) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("AGENT_PREFIX", node.agentPrefix());
        values.put("AGENT_RUN_DIR", RUN_ROOT + "/" + node.agentPrefix());
        values.put("AGENT_UID_BASE", Long.toString(uidBase(layout) + (node.index() - 1) * UIDS_PER_NODE));
        values.put("AGENT_OWNER_SCRIPT", node.directory().resolve("software").resolve(OWNER_SCRIPT).toString());
        values.put("AGENT_NAMESPACE_PREFIX", layout.prefix() + "-" + node.agentPrefix() + "s");
        values.put("AGENT_AUDIT_DIR", node.directory().resolve("audit").toString());
        values.put("AGENT_POD_ACTION", node.directory().resolve("reboot").toString());
        // PLC's configuration files go under the node's own directory: the testbed's nodes share one machine's /etc.
        values.put("AGENT_CONF_FILES_ROOT", node.directory().resolve("root").toString());
        values.put("AGENT_METRICS_LISTEN", TestbedMetrics.nodeListen(node));
        return values;
    }

    /**
     * The release's agent launcher. The testbed's release does not carry the agent's jars (tens
     * of megabytes at every {@code up}); its launcher runs them from the testbed's copy of the build.
     */
    static String agentLauncher(Runtime runtime) {
        return "#!/bin/sh\n# Starts the node agent of the testbed's release; the boot manager passes --config FILE.\nexec "
                + runtime.command("node", "org.planetlab.node.NodeAgentMain", NodeJvm.AGENT.options()).stream().map(NodeAgentFiles::quote)
                        .collect(java.util.stream.Collectors.joining(" ")) + " \"$@\"\n";
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
