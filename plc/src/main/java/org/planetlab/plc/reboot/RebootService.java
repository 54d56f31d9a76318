package org.planetlab.plc.reboot;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.Permissions;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.node.Nodes;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;
import org.planetlab.trust.node.NodeKey;
import org.planetlab.trust.node.PingOfDeath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reboots nodes remotely, as PLCAPI's RebootNode and RebootNodeWithPCU: operators any node, PIs
 * and techs their sites' nodes. Each reboot is first recorded (table {@code reboots}, and the
 * event log), then carried out outside any transaction (a power control unit may take many
 * seconds to answer), then its outcome is recorded.
 */
public final class RebootService {
    private static final Logger LOG = LoggerFactory.getLogger(RebootService.class);

    private final MutationPath mutations;
    private final PodSender pods;
    private final Map<String, PowerDriver> drivers = new HashMap<>();

    public RebootService(MutationPath mutations, RebootSettings settings, List<PowerDriver> powerDrivers) {
        this.mutations = requireNonNull(mutations, "mutations is null");
        this.pods = new PodSender(settings.podPort(), settings.podCopies());
        for (PowerDriver driver : powerDrivers) {
            driver.protocols().forEach(protocol -> drivers.put(protocol, driver));
        }
    }

    /** The drivers PLC ships: IPMI over LAN. */
    public static List<PowerDriver> shippedDrivers(RebootSettings settings) {
        return List.of(new IpmiDriver(settings));
    }

    /** Sends the node a ping of death; returns the reboot's id, which is also the datagram's sequence. */
    public long rebootNode(Caller caller, NodeRef ref) {
        List<Object> args = List.of(ref.key());
        PodOrder order = mutations.run(caller, "RebootNode", args, mutation -> {
            Nodes.NodeRecord node = requireRebootable(mutation, ref, "RebootNode");
            String ip = mutation.db().createQuery("SELECT ip FROM interfaces WHERE node_id = :id AND is_primary = TRUE"
                            + " AND ip IS NOT NULL").bind("id", node.nodeId()).mapTo(String.class).findFirst()
                    .orElseThrow(() -> PlanetLabException.invalidArgument("node " + node.hostname()
                            + " has no primary interface with an address to send a ping of death to; add one with AddInterface"));
            NodeKey key = NodeKey.parse(mutation.db().createQuery("SELECT node_key FROM nodes WHERE node_id = :id")
                    .bind("id", node.nodeId()).mapTo(String.class).one());
            long rebootId = record(mutation, node, "pod", null, "sending");
            mutation.message("ping of death " + rebootId + " to " + node.hostname() + " at " + ip + " UDP port " + pods.port());
            return new PodOrder(rebootId, node, InetAddress.ofLiteral(ip), key, mutation.now());
        });
        byte[] datagram = new PingOfDeath(order.node().nodeId(), order.rebootId(), Instant.ofEpochSecond(order.now()))
                .sign(order.key());
        try {
            pods.send(order.address(), datagram);
        } catch (IOException e) {
            String detail = "cannot send to " + order.address().getHostAddress() + ": " + e.getMessage();
            finish(caller, "RebootNode", args, order.rebootId(), "failed", detail);
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "RebootNode: " + detail, e);
        }
        finish(caller, "RebootNode", args, order.rebootId(), "sent", "");
        LOG.info("{} sent a ping of death to node {} ({}), reboot {}", caller.describe(), order.node().hostname(),
                order.address().getHostAddress(), order.rebootId());
        return order.rebootId();
    }

    /**
     * Power cycles the node through the PCU it is wired to, or with {@code testrun} only reads its
     * power state; returns the reboot's id.
     */
    public long rebootNodeWithPcu(Caller caller, NodeRef ref, boolean testrun) {
        List<Object> args = List.of(ref.key(), testrun);
        PcuOrder order = mutations.run(caller, "RebootNodeWithPCU", args, mutation -> {
            Nodes.NodeRecord node = requireRebootable(mutation, ref, "RebootNodeWithPCU");
            PcuTarget target = pcuOf(mutation, node);
            PowerDriver driver = Optional.ofNullable(drivers.get(target.protocol().toLowerCase(Locale.ROOT)))
                    .orElseThrow(() -> PlanetLabException.invalidArgument(target + " speaks \"" + target.protocol()
                            + "\", which PLC has no driver for; set its protocol (UpdatePCU) to one of "
                            + new TreeSet<>(drivers.keySet())));
            long rebootId = record(mutation, node, testrun ? "pcu-check" : "pcu", target.pcuId(), "requested");
            mutation.message((testrun ? "power state check " : "power cycle ") + rebootId + " of " + node.hostname()
                    + " through " + target);
            return new PcuOrder(rebootId, node, target, driver);
        });
        String said;
        try {
            if (testrun) {
                said = order.driver().check(order.target());
            } else {
                order.driver().powerCycle(order.target());
                said = "power cycled";
            }
        } catch (PlanetLabException e) {
            finish(caller, "RebootNodeWithPCU", args, order.rebootId(), "failed", e.getMessage());
            throw e;
        }
        finish(caller, "RebootNodeWithPCU", args, order.rebootId(), "done", said);
        LOG.info("{}: {} of node {} through {}: {}", caller.describe(), testrun ? "power check" : "power cycle",
                order.node().hostname(), order.target(), said);
        return order.rebootId();
    }

    /** Operators may reboot any node; PIs and techs (the role table admits no one else) their sites' nodes. */
    private static Nodes.NodeRecord requireRebootable(Mutation mutation, NodeRef ref, String action) {
        Nodes.NodeRecord node = Nodes.require(mutation.db(), ref.key());
        Permissions.requireSite(mutation.caller(), node.siteId(), action + " of node " + node.hostname());
        return node;
    }

    private static PcuTarget pcuOf(Mutation mutation, Nodes.NodeRecord node) {
        return mutation.db().createQuery("SELECT p.pcu_id, p.ip, p.hostname, p.protocol, p.model, p.username, p.password,"
                        + " n.port FROM pcu_nodes n JOIN pcus p ON p.pcu_id = n.pcu_id WHERE n.node_id = :node"
                        + " ORDER BY p.pcu_id")
                .bind("node", node.nodeId())
                .map((row, context) -> new PcuTarget(row.getLong(1), row.getString(2), Optional.ofNullable(row.getString(3)),
                        Optional.ofNullable(row.getString(4)).orElse(""), Optional.ofNullable(row.getString(5)),
                        Optional.ofNullable(row.getString(6)), Optional.ofNullable(row.getString(7)), row.getLong(8)))
                .findFirst()
                .orElseThrow(() -> PlanetLabException.invalidArgument("node " + node.hostname() + " is wired to no PCU;"
                        + " AddNodeToPCU records the PCU and port it is plugged into"));
    }

    private static long record(Mutation mutation, Nodes.NodeRecord node, String method, Long pcuId, String outcome) {
        long rebootId = Database.nextId(mutation.db(), "reboots");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("reboot_id", rebootId);
        row.put("node_id", node.nodeId());
        row.put("method", method);
        row.put("pcu_id", pcuId);
        row.put("requested_by", mutation.caller().describe());
        row.put("person_id", mutation.caller().personId().orElse(null));
        row.put("requested", mutation.now());
        row.put("finished", null);
        row.put("outcome", outcome);
        row.put("detail", "");
        Rows.insert(mutation.db(), "reboots", row);
        return rebootId;
    }

    private void finish(Caller caller, String operation, List<Object> args, long rebootId, String outcome, String detail) {
        mutations.run(caller, operation, args, mutation -> {
            mutation.quietIfUnchanged();
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("finished", mutation.now());
            columns.put("outcome", outcome);
            columns.put("detail", detail.length() > 1000 ? detail.substring(0, 1000) : detail);
            Rows.update(mutation.db(), "reboots", "reboot_id", rebootId, columns);
            return null;
        });
    }

    private record PodOrder(long rebootId, Nodes.NodeRecord node, InetAddress address, NodeKey key, long now) {}

    private record PcuOrder(long rebootId, Nodes.NodeRecord node, PcuTarget target, PowerDriver driver) {}
}
