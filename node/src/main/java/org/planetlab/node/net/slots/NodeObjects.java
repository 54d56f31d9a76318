package org.planetlab.node.net.slots;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.net.filtering.FilterTable;
import org.planetlab.node.net.kernel.NetworkCommands;
import org.planetlab.node.net.layout.LeafQueue;
import org.planetlab.node.net.layout.SliverNetworkConfig;
import org.planetlab.node.net.layout.SlotLayout;
import org.planetlab.node.net.shaping.ClassReport;
import org.planetlab.node.net.shaping.TrafficClasses;

/**
 * The objects every sliver shares, in the node's namespace: forwarding on, the slivers' gateway
 * address on {@code lo}, a blackhole for mirrored copies when no owner VM receives them (so they
 * can never follow the default route out), the uplink's HTB root and node classes, and the
 * filter table. Creating them again is harmless and keeps what slivers already use.
 */
final class NodeObjects {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BLACKHOLE_METRIC = "4000";

    private final NetworkCommands commands;
    private final SliverNetworkConfig config;
    private final SlotLayout layout;
    private final FilterTable filters;
    private final TrafficClasses classes;
    private LeafQueue leaf;

    NodeObjects(NetworkCommands commands, SliverNetworkConfig config, SlotLayout layout, FilterTable filters,
            TrafficClasses classes) {
        this.commands = requireNonNull(commands, "commands is null");
        this.config = requireNonNull(config, "config is null");
        this.layout = requireNonNull(layout, "layout is null");
        this.filters = requireNonNull(filters, "filters is null");
        this.classes = requireNonNull(classes, "classes is null");
    }

    /**
     * Creates or refreshes the node objects.
     *
     * @return the node's rate: the one a previous run set, else the configured one
     */
    long create() {
        commands.query(List.of("sysctl", "-q", "-w", "net.ipv4.ip_forward=1"));
        commands.ipBatch(List.of(
                "link set lo up",
                "addr replace " + layout.gateway().getHostAddress() + "/32 dev lo",
                "route replace blackhole " + layout.mirrorAddress().getHostAddress() + "/32 metric " + BLACKHOLE_METRIC));
        long rate = currentRootRate();
        if (rate == 0) {
            commands.tcBatch(List.of(classes.rootQdisc()));
            rate = config.nodeRateKbps();
        }
        commands.tcBatch(classes.nodeClasses(rate));
        leaf = chooseLeaf(rate);
        commands.nft(filters.nodeScript(config.blockedDestinations()));
        return rate;
    }

    /** The leaf queue chosen by {@link #create}. */
    LeafQueue leaf() {
        return requireNonNull(leaf, "the node objects were not created");
    }

    /** Removes the node objects; what is already gone is skipped. */
    void remove() {
        try {
            commands.nft(filters.deleteTable());
        } catch (PlanetLabException e) {
            // Already gone.
        }
        commands.tcBatchIgnoringFailures(List.of(classes.deleteRoot()));
        commands.ipBatchIgnoringFailures(List.of(
                "addr del " + layout.gateway().getHostAddress() + "/32 dev lo",
                "route del blackhole " + layout.mirrorAddress().getHostAddress() + "/32 metric " + BLACKHOLE_METRIC));
    }

    /** The root class's rate if the uplink already has this agent's HTB tree, else 0. */
    private long currentRootRate() {
        JsonNode qdiscs = parse(commands.query(List.of("tc", "-j", "qdisc", "show", "dev", config.uplinkDevice())));
        boolean htbRoot = false;
        for (JsonNode qdisc : qdiscs) {
            if (qdisc.path("root").asBoolean() && "htb".equals(qdisc.path("kind").asText())
                    && "1:".equals(qdisc.path("handle").asText())) {
                htbRoot = true;
            }
        }
        if (!htbRoot) {
            return 0;
        }
        ClassReport root = ClassReport.parse(commands.query(List.of("tc", "class", "show", "dev", config.uplinkDevice())))
                .get(SlotLayout.ROOT_CLASS);
        return root == null ? config.nodeRateKbps() : root.rateKbps();
    }

    private LeafQueue chooseLeaf(long nodeRateKbps) {
        List<LeafQueue> candidates = config.leafQueue() == LeafQueue.AUTO ? LeafQueue.preferenceOrder() : List.of(config.leafQueue());
        for (LeafQueue candidate : candidates) {
            if (commands.tcBatchIgnoringFailures(List.of(classes.nodeLeaf(candidate, nodeRateKbps)))) {
                return candidate;
            }
        }
        throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "the kernel has none of the queues " + candidates
                + " for traffic classes; build it with one or set leaf-queue to one it has");
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json.isBlank() ? "[]" : json);
        } catch (JsonProcessingException e) {
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "cannot read tc's JSON answer: " + e.getOriginalMessage(), e);
        }
    }
}
