package org.planetlab.testbed;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.planetlab.node.owner.OwnerScript;

/**
 * The configuration of one testbed node's agent: its own prefixes, directories and uid range, and
 * what a site installs on a real node: its plnode.txt (written by the seed), PLC's address and TLS
 * CA, the well-known root keys, and an owner script handing the node to PLC's slice authority.
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
     * The agent's config file; it names the owner script next to it, the sliver image and the
     * package repository slivers' apt uses.
     */
    static String config(TestbedLayout layout, TestbedLayout.TestbedNode node, Path image, String packageRepository) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("prefix", node.agentPrefix());
        values.put("state-dir", node.directory().resolve("state").toString());
        values.put("run-dir", RUN_ROOT + "/" + node.agentPrefix());
        values.put("image-dir", image.toString());
        values.put("uid-base", Long.toString(uidBase(layout) + (node.index() - 1) * UIDS_PER_NODE));
        values.put("max-slivers", Integer.toString(MAX_SLIVERS_PER_NODE));
        values.put("disk-image-gigabytes", "8");
        values.put("owner-script", node.directory().resolve("owner-script.properties").toString());
        values.put("plnode-file", node.directory().resolve("plnode.txt").toString());
        values.put("plc-url", layout.plcUrl());
        values.put("plc-ca-file", layout.caFile().toString());
        values.put("trust-roots-dir", layout.plcDir().resolve("trust").resolve("roots").toString());
        values.put("boot-check-seconds", "30");
        values.put("ssh-port", "22");
        values.put("scs-port", "8812");
        values.put("uplink-device", "eth0");
        values.put("node-address", node.address());
        values.put("namespace-prefix", layout.prefix() + "-" + node.agentPrefix() + "s");
        values.put("node-rate-kbps", "100000");
        // Flow auditing (docs/auditing.md), with short timeouts so that a flow reaches PLC within
        // seconds: a testbed is for trying things out.
        values.put("audit-dir", node.directory().resolve("audit").toString());
        values.put("audit-active-timeout-seconds", "5");
        values.put("audit-upload-seconds", "3");
        values.put("audit-site-name", TestbedSeed.SITE_NAME);
        // Remote reboot (docs/operations.md): PLC's ping of death runs the node's reboot script.
        values.put("pod-port", Integer.toString(POD_PORT));
        values.put("pod-action", node.directory().resolve("reboot").toString());
        values.put("package-repository", packageRepository);
        // PLC's configuration files (docs/node-agent.md): placed under the node's own directory, since
        // the testbed's nodes share one machine's /etc.
        values.put("conf-files-root", node.directory().resolve("root").toString());
        values.put("conf-files-seconds", "10");
        StringBuilder text = new StringBuilder("# Node agent of testbed node " + node.index() + "; see docs/node-agent.md\n");
        values.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        return text.toString();
    }
}
