package org.planetlab.plc.monitor;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.node.Nodes;
import org.planetlab.plc.site.Sites;
import org.planetlab.plc.store.ColumnKind;

/**
 * What the availability history answers: each node's state now, a node's intervals over a
 * period, and uptime per node and per site. Node availability is no secret among PlanetLab's
 * users (the original monitor published it): every person with an account may read it.
 */
public final class AvailabilityReports {
    /** The default period: the last week. */
    public static final long DEFAULT_PERIOD_SECONDS = 7 * 86_400;

    private final AvailabilityService service;

    public AvailabilityReports(AvailabilityService service) {
        this.service = requireNonNull(service, "service is null");
    }

    /** A node's state now. */
    public record NodeStatus(long nodeId, String hostname, long siteId, String state, Optional<Long> since,
            String reason, Optional<Long> lastHeartbeat, Optional<Heartbeat> heartbeat) {
        public Map<String, Object> toWire() {
            Map<String, Object> wire = new LinkedHashMap<>();
            wire.put("node_id", nodeId);
            wire.put("hostname", hostname);
            wire.put("site_id", siteId);
            wire.put("state", state);
            wire.put("since", since.orElse(null));
            wire.put("reason", reason);
            wire.put("last_heartbeat", lastHeartbeat.orElse(null));
            wire.put("heartbeat", heartbeat.map(Heartbeat::toWire).orElse(null));
            return wire;
        }
    }

    /** The state of the named nodes (by id or host name), or of every node, by node id. */
    public List<NodeStatus> status(Handle handle, Caller caller, Optional<List<Object>> nodes) {
        requirePerson(caller, "GetNodeStatus");
        StringBuilder sql = new StringBuilder("SELECT n.node_id, n.hostname, n.site_id, a.up, a.started, a.reason,"
                + " h.received, " + AvailabilityHistory.HEARTBEAT_COLUMNS.formatted("h") + " FROM nodes n"
                + " LEFT JOIN node_availability a ON a.node_id = n.node_id AND a.ended IS NULL"
                + " LEFT JOIN node_health h ON h.node_id = n.node_id WHERE n.deleted = FALSE");
        List<Long> ids = nodes.map(references -> references.stream()
                .map(reference -> Nodes.require(handle, reference).nodeId()).distinct().toList()).orElse(List.of());
        if (nodes.isPresent()) {
            if (ids.isEmpty()) {
                return List.of();
            }
            sql.append(" AND n.node_id IN (<nodes>)");
        }
        var query = handle.createQuery(sql.append(" ORDER BY n.node_id").toString());
        if (nodes.isPresent()) {
            query.bindList("nodes", ids);
        }
        List<NodeStatus> answer = new ArrayList<>();
        query.map((row, context) -> {
            long nodeId = row.getLong(1);
            Boolean up = (Boolean) ColumnKind.BOOLEAN.read(row, 4);
            Optional<Long> since = Optional.ofNullable((Long) ColumnKind.INTEGER.read(row, 5));
            Optional<Long> received = Optional.ofNullable((Long) ColumnKind.INTEGER.read(row, 7));
            Optional<Map.Entry<Long, Heartbeat>> stored = received.isPresent()
                    ? Optional.of(Map.entry(received.get(), AvailabilityHistory.heartbeat(row, 8))) : Optional.empty();
            // The freshest heartbeat: this server's last, written or not, unless the store holds a newer one.
            Optional<HeartbeatBook.Received> freshest = service.freshest(nodeId, stored);
            return new NodeStatus(nodeId, row.getString(2), row.getLong(3),
                    up == null ? "unknown" : up ? "up" : "down", since, up == null ? "no heartbeat yet" : row.getString(6),
                    freshest.map(HeartbeatBook.Received::received), freshest.map(HeartbeatBook.Received::heartbeat));
        }).forEach(answer::add);
        return answer;
    }

    /** A node's intervals over {@code [from, until)} and its uptime then. */
    public Map<String, Object> history(Handle handle, Caller caller, Object node, Optional<Long> from,
            Optional<Long> until, long now) {
        requirePerson(caller, "GetNodeHistory");
        Nodes.NodeRecord record = Nodes.require(handle, node);
        long[] period = period(from, until, now);
        List<AvailabilityInterval> intervals = AvailabilityHistory.intervals(handle, List.of(record.nodeId()),
                period[0], period[1]).getOrDefault(record.nodeId(), List.of());
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("node_id", record.nodeId());
        wire.put("from", period[0]);
        wire.put("until", period[1]);
        wire.put("intervals", intervals.stream().map(AvailabilityInterval::toWire).toList());
        wire.put("uptime", Uptime.of(intervals, period[0], period[1], now).toWire(record.nodeId(), record.hostname()));
        return wire;
    }

    /** The uptime of a site's live nodes over {@code [from, until)}, summed and node by node. */
    public Map<String, Object> siteUptime(Handle handle, Caller caller, Object site, Optional<Long> from,
            Optional<Long> until, long now) {
        requirePerson(caller, "GetSiteUptime");
        Sites.SiteRecord record = Sites.require(handle, site);
        long[] period = period(from, until, now);
        Map<Long, String> nodes = new LinkedHashMap<>();
        handle.createQuery("SELECT node_id, hostname FROM nodes WHERE site_id = :site AND deleted = FALSE"
                        + " ORDER BY node_id")
                .bind("site", record.siteId())
                .map((row, context) -> Map.entry(row.getLong(1), row.getString(2)))
                .forEach(entry -> nodes.put(entry.getKey(), entry.getValue()));
        Map<Long, List<AvailabilityInterval>> intervals = AvailabilityHistory.intervals(handle,
                List.copyOf(nodes.keySet()), period[0], period[1]);
        Uptime total = new Uptime(0, 0, 0);
        List<Map<String, Object>> perNode = new ArrayList<>();
        for (Map.Entry<Long, String> entry : nodes.entrySet()) {
            Uptime uptime = Uptime.of(intervals.getOrDefault(entry.getKey(), List.of()), period[0], period[1], now);
            total = total.plus(uptime);
            perNode.add(uptime.toWire(entry.getKey(), entry.getValue()));
        }
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("site_id", record.siteId());
        wire.put("from", period[0]);
        wire.put("until", period[1]);
        wire.put("up_seconds", total.upSeconds());
        wire.put("down_seconds", total.downSeconds());
        wire.put("uptime", total.fraction().orElse(null));
        wire.put("nodes", perNode);
        return wire;
    }

    private static long[] period(Optional<Long> from, Optional<Long> until, long now) {
        long end = until.orElse(now);
        long start = from.orElse(end - DEFAULT_PERIOD_SECONDS);
        if (end < start) {
            throw PlanetLabException.invalidArgument("the period ends (until " + end + ") before it starts (from "
                    + start + "); give from <= until");
        }
        return new long[] {start, end};
    }

    private static void requirePerson(Caller caller, String action) {
        if (!caller.isPerson()) {
            throw PlanetLabException.permissionDenied(action + ": node availability is shown to persons with an"
                    + " account; " + caller.describe() + " has none");
        }
    }
}
