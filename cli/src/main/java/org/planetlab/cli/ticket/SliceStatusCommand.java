package org.planetlab.cli.ticket;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.schema.AnyType;
import org.planetlab.cli.command.CallsMethods;
import org.planetlab.cli.command.CommandContext;
import org.planetlab.cli.output.Presentation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code pl slice status SLICE}: how far a slice reached its nodes. The slice's state and expiry,
 * and for each node its boot state, when it last asked for its view, and its sliver's state as the
 * node last reported it: building, failed with the node's reason, running, stopped, or unknown.
 */
@Command(name = "status", header = "Shows a slice's state, expiry and nodes, with each node's sliver state, boot state and last"
        + " contact.",
        description = {"Each node reports its slivers' states when they change: building (its image or packages are being"
                + " made), failed (with the node's reason, e.g. a package that could not be installed), running or stopped;"
                + " unknown when the node has not reported the sliver yet. A node in boot that fetched its view (GetSlivers)"
                + " after the slice's last change has acted on it within a second.", "",
                "API method: GetSlices, then GetNodes and GetSliverStates"})
public final class SliceStatusCommand implements Callable<Integer>, CallsMethods {
    private static final MethodSpec GET_SLICES = MethodCatalog.lookup("GetSlices").orElseThrow();
    private static final MethodSpec GET_NODES = MethodCatalog.lookup("GetNodes").orElseThrow();
    private static final MethodSpec GET_SLIVER_STATES = MethodCatalog.lookup("GetSliverStates").orElseThrow();

    private final CommandContext context;

    @Parameters(index = "0", paramLabel = "SLICE", description = "the slice, e.g. princeton_codeen or plc.princeton.codeen")
    String slice;

    public SliceStatusCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public List<String> methods() {
        return List.of(GET_SLICES.name(), GET_NODES.name(), GET_SLIVER_STATES.name());
    }

    @Override
    public Integer call() {
        List<?> slices = (List<?>) context.client(GET_SLICES).call(GET_SLICES.name(), List.of(slice),
                List.of("name", "hrn", "state", "instantiation", "expires", "node_ids"));
        if (slices.isEmpty()) {
            throw org.planetlab.api.error.PlanetLabException.notFound("no slice " + slice + " that you may see");
        }
        Map<?, ?> found = (Map<?, ?>) slices.getFirst();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("name", found.get("name"));
        status.put("hrn", found.get("hrn"));
        status.put("state", found.get("state"));
        status.put("instantiation", found.get("instantiation"));
        status.put("expires", time(found.get("expires")));
        List<Object> nodes = new ArrayList<>();
        List<?> nodeIds = (List<?>) found.get("node_ids");
        if (nodeIds != null && !nodeIds.isEmpty()) {
            Map<Object, Map<?, ?>> slivers = new LinkedHashMap<>();
            for (Object row : (List<?>) context.client(GET_SLIVER_STATES).call(GET_SLIVER_STATES.name(), found.get("name"))) {
                slivers.put(((Map<?, ?>) row).get("hostname"), (Map<?, ?>) row);
            }
            for (Object row : (List<?>) context.client(GET_NODES).call(GET_NODES.name(), nodeIds,
                    List.of("hostname", "boot_state", "last_contact"))) {
                Map<?, ?> node = (Map<?, ?>) row;
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("hostname", node.get("hostname"));
                Map<?, ?> sliver = slivers.getOrDefault(node.get("hostname"), Map.of());
                line.put("sliver", sliver.get("state") == null ? "unknown" : sliver.get("state"));
                if (sliver.get("since") != null) {
                    line.put("sliver_since", time(sliver.get("since")));
                }
                Object reason = sliver.get("reason");
                if (reason instanceof String text && !text.isEmpty()) {
                    line.put("reason", text);
                }
                line.put("boot_state", node.get("boot_state"));
                line.put("last_contact", node.get("last_contact") == null ? "never" : time(node.get("last_contact")));
                nodes.add(line);
            }
        }
        status.put("nodes", nodes);
        context.print(status, Presentation.of(new AnyType("slice status")));
        return 0;
    }

    private static String time(Object epochSeconds) {
        return epochSeconds instanceof Number number ? Instant.ofEpochSecond(number.longValue()).toString() : String.valueOf(epochSeconds);
    }
}
