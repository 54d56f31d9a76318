package org.planetlab.plc.usage;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.usage.UsageApi;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.NodeClock;
import org.planetlab.plc.mutation.GroupCommit;
import org.planetlab.plc.slice.SliceNames;

/**
 * Records the usage reports nodes send. A report is checked whole before anything is written,
 * in the transaction that writes it: from a node, sent near PLC's clock, following the node's
 * last report (the same report again is a duplicate, answered without recording), naming only
 * slivers of live slices that have the node. Reports of many nodes share one transaction
 * ({@link GroupCommit}); each is answered once it is committed, and one refused rolls back alone. Each sliver's sample is the increase of its counters
 * since its last report; a counter that went back means the sliver began again, and its value is
 * the increase. Samples carry PLC's clock, so a node's clock cannot move usage in time; a sliver's
 * samples within one five-minute slot share a row stamped with the slot's start.
 */
public final class UsageRecorder {

    /** The most reports written in one transaction. */
    static final int MAX_BATCH = 200;
    /**
     * The fine series' step: a sliver's reports within one slot of five minutes (a divisor of
     * the hour the rollup cuts at) add up in one row, ten reports at the default interval.
     */
    static final long FINE_SLOT_SECONDS = 300;

    private final GroupCommit<Map<String, Object>> writes;
    private final SliceNames names;
    private final UsageSettings settings;

    /** @param writes the group commit reports are written through, with those of other nodes */
    public UsageRecorder(GroupCommit<Map<String, Object>> writes, SliceNames names, UsageSettings settings) {
        this.writes = requireNonNull(writes, "writes is null");
        this.names = requireNonNull(names, "names is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    /** Records a report the calling node sent; answers what was recorded and when the next is due. */
    public Map<String, Object> report(Caller caller, Map<String, Object> wire) {
        long nodeId = caller.nodeId().orElseThrow(() -> PlanetLabException.permissionDenied(
                UsageApi.REPORT_USAGE + ": only a node reports its slivers' usage, signed with its node key"));
        UsageReport report = UsageReport.fromWire(wire);
        return writes.run(caller, List.of(report.sequence(), report.slivers().size()), mutation -> {
            // Reports are data, not changes of the registry: they leave no entry in the event log.
            mutation.quietIfUnchanged();
            long now = mutation.now();
            NodeClock.requireNear("report", report.sentAt(), now);
            Handle handle = mutation.db();
            if (!advance(handle, nodeId, report, now)) {
                return answer(0, true);
            }
            Map<Long, UsageReport.Sliver> bySlice = hostedSlices(handle, nodeId, report);
            Map<Long, Previous> previous = previous(handle, nodeId);
            for (Map.Entry<Long, UsageReport.Sliver> entry : bySlice.entrySet()) {
                record(handle, nodeId, entry.getKey(), entry.getValue(), Optional.ofNullable(previous.get(entry.getKey())),
                        now);
            }
            mutation.message("usage of %d slivers recorded".formatted(bySlice.size()));
            return answer(bySlice.size(), false);
        });
    }

    private Map<String, Object> answer(int recorded, boolean duplicate) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("recorded", (long) recorded);
        answer.put("duplicate", duplicate);
        answer.put("interval_seconds", settings.reportInterval().toSeconds());
        return answer;
    }

    /**
     * Makes the report the node's last; false if it is that one already (a resend). Refuses a
     * report that comes before it. The update takes the node's row, so two copies of one report
     * arriving together are recorded once.
     */
    private static boolean advance(Handle handle, long nodeId, UsageReport report, long now) {
        int updated = handle.createUpdate("UPDATE usage_reporters SET agent_started = :started, sequence = :sequence,"
                        + " received = :now WHERE node_id = :node AND (agent_started < :started"
                        + " OR (agent_started = :started AND sequence < :sequence))")
                .bind("started", report.agentStarted()).bind("sequence", report.sequence()).bind("now", now)
                .bind("node", nodeId).execute();
        if (updated == 1) {
            return true;
        }
        Optional<long[]> last = handle.createQuery("SELECT agent_started, sequence FROM usage_reporters WHERE node_id = :node")
                .bind("node", nodeId).map((row, context) -> new long[] {row.getLong(1), row.getLong(2)}).findOne();
        if (last.isEmpty()) {
            handle.createUpdate("INSERT INTO usage_reporters (node_id, agent_started, sequence, received)"
                            + " VALUES (:node, :started, :sequence, :now)")
                    .bind("node", nodeId).bind("started", report.agentStarted()).bind("sequence", report.sequence())
                    .bind("now", now).execute();
            return true;
        }
        if (last.get()[0] == report.agentStarted() && last.get()[1] == report.sequence()) {
            return false;
        }
        throw PlanetLabException.invalidArgument("usage report " + report.sequence() + " of the agent run started at "
                + report.agentStarted() + " comes before the last one recorded (" + last.get()[1]
                + " of the run started at " + last.get()[0] + "); a replayed or out-of-order report is not recorded");
    }

    /**
     * The slice of each sliver; refuses the report if one is not a live slice that has this node.
     * A sliver made from a ticket is the exception: a ticket may be redeemed on nodes the slice
     * was never added to (or on any node), so it needs only a live slice.
     */
    private Map<Long, UsageReport.Sliver> hostedSlices(Handle handle, long nodeId, UsageReport report) {
        Map<String, Long> hosted = new LinkedHashMap<>();
        handle.createQuery("SELECT s.name, s.slice_id FROM slice_nodes sn JOIN slices s ON s.slice_id = sn.slice_id"
                        + " WHERE sn.node_id = :node AND s.is_deleted = FALSE")
                .bind("node", nodeId)
                .map((row, context) -> Map.entry(row.getString(1), row.getLong(2)))
                .forEach(entry -> hosted.put(entry.getKey(), entry.getValue()));
        Map<Long, UsageReport.Sliver> bySlice = new LinkedHashMap<>();
        List<String> strangers = new ArrayList<>();
        for (UsageReport.Sliver sliver : report.slivers()) {
            String name = names.lookupName(sliver.name());
            Long sliceId = sliver.fromTicket() ? liveSlice(handle, name).orElse(null) : hosted.get(name);
            if (sliceId == null) {
                strangers.add(sliver.name());
            } else {
                bySlice.put(sliceId, sliver);
            }
        }
        if (!strangers.isEmpty()) {
            throw PlanetLabException.invalidArgument("usage report names slivers " + strangers + " that this node does"
                    + " not host for PLC (no live slice of that name has the node, or, for a sliver made from a ticket,"
                    + " no live slice of that name exists); nothing of the report was recorded: report only the slivers"
                    + " of PLC's slices on the node");
        }
        return bySlice;
    }

    private static Optional<Long> liveSlice(Handle handle, String name) {
        return handle.createQuery("SELECT slice_id FROM slices WHERE name = :name AND is_deleted = FALSE")
                .bind("name", name).mapTo(Long.class).findOne();
    }

    /** A sliver's last counters and when they were reported. */
    private record Previous(long sampledAt, UsageReport.Sliver counters) {}

    private static Map<Long, Previous> previous(Handle handle, long nodeId) {
        Map<Long, Previous> previous = new LinkedHashMap<>();
        handle.createQuery("SELECT slice_id, sampled_at, cpu_ns, bytes_sent, packets_sent, bytes_received, packets_received"
                        + " FROM usage_counters WHERE node_id = :node")
                .bind("node", nodeId)
                .map((row, context) -> Map.entry(row.getLong(1), new Previous(row.getLong(2), new UsageReport.Sliver("-",
                        row.getLong(3), 0, 0, 0, row.getLong(4), row.getLong(5), row.getLong(6), row.getLong(7)))))
                .forEach(entry -> previous.put(entry.getKey(), entry.getValue()));
        return previous;
    }

    /** The larger of a column and a bound value, in SQL both stores speak. */
    private static String peak(String column, String parameter) {
        return "CASE WHEN " + column + " < :" + parameter + " THEN :" + parameter + " ELSE " + column + " END";
    }

    private static void record(Handle handle, long nodeId, long sliceId, UsageReport.Sliver now, Optional<Previous> previous,
            long at) {
        // The first report of a sliver, or one after a restart, counts everything since the counters began.
        UsageReport.Sliver base = previous.map(Previous::counters)
                .filter(counters -> !now.restartedSince(counters))
                .orElse(new UsageReport.Sliver("-", 0, 0, 0, 0, 0, 0, 0, 0));
        long bytesSent = now.bytesSent() - base.bytesSent();
        long bytesReceived = now.bytesReceived() - base.bytesReceived();
        // A rate needs a known period: none for a sliver's first report.
        long seconds = previous.map(p -> at - p.sampledAt()).orElse(0L);
        long bandwidth = seconds > 0 ? (long) Math.min(Long.MAX_VALUE, ((double) bytesSent + bytesReceived) * 8 / seconds)
                : 0;
        long slot = at - Math.floorMod(at, FINE_SLOT_SECONDS);
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("node", nodeId);
        sample.put("slice", sliceId);
        sample.put("slot", slot);
        sample.put("cpu", now.cpuNanoseconds() - base.cpuNanoseconds());
        sample.put("memory", now.memoryBytes());
        sample.put("disk", now.diskBytes());
        sample.put("processes", now.processes());
        sample.put("bytesSent", bytesSent);
        sample.put("packetsSent", now.packetsSent() - base.packetsSent());
        sample.put("bytesReceived", bytesReceived);
        sample.put("packetsReceived", now.packetsReceived() - base.packetsReceived());
        sample.put("bandwidth", bandwidth);
        // The slot's row, if an earlier report of the slot made it: increases add up, sizes and the rate keep their peak.
        int merged = handle.createUpdate("UPDATE usage_samples SET cpu_ns = cpu_ns + :cpu,"
                        + " memory_bytes = " + peak("memory_bytes", "memory") + ", disk_bytes = " + peak("disk_bytes", "disk")
                        + ", processes = " + peak("processes", "processes") + ", bytes_sent = bytes_sent + :bytesSent,"
                        + " packets_sent = packets_sent + :packetsSent, bytes_received = bytes_received + :bytesReceived,"
                        + " packets_received = packets_received + :packetsReceived,"
                        + " bandwidth_bps = " + peak("bandwidth_bps", "bandwidth")
                        + " WHERE node_id = :node AND slice_id = :slice AND sampled_at = :slot")
                .bindMap(sample).execute();
        if (merged == 0) {
            handle.createUpdate("INSERT INTO usage_samples (node_id, slice_id, sampled_at, cpu_ns, memory_bytes, disk_bytes,"
                            + " processes, bytes_sent, packets_sent, bytes_received, packets_received, bandwidth_bps) VALUES"
                            + " (:node, :slice, :slot, :cpu, :memory, :disk, :processes, :bytesSent, :packetsSent,"
                            + " :bytesReceived, :packetsReceived, :bandwidth)")
                    .bindMap(sample).execute();
        }
        int updated = handle.createUpdate("UPDATE usage_counters SET sampled_at = :at, cpu_ns = :cpu, bytes_sent = :bytesSent,"
                        + " packets_sent = :packetsSent, bytes_received = :bytesReceived, packets_received = :packetsReceived"
                        + " WHERE node_id = :node AND slice_id = :slice")
                .bind("at", at).bind("cpu", now.cpuNanoseconds()).bind("bytesSent", now.bytesSent())
                .bind("packetsSent", now.packetsSent()).bind("bytesReceived", now.bytesReceived())
                .bind("packetsReceived", now.packetsReceived()).bind("node", nodeId).bind("slice", sliceId).execute();
        if (updated == 0) {
            handle.createUpdate("INSERT INTO usage_counters (node_id, slice_id, sampled_at, cpu_ns, bytes_sent, packets_sent,"
                            + " bytes_received, packets_received) VALUES (:node, :slice, :at, :cpu, :bytesSent,"
                            + " :packetsSent, :bytesReceived, :packetsReceived)")
                    .bind("node", nodeId).bind("slice", sliceId).bind("at", at).bind("cpu", now.cpuNanoseconds())
                    .bind("bytesSent", now.bytesSent()).bind("packetsSent", now.packetsSent())
                    .bind("bytesReceived", now.bytesReceived()).bind("packetsReceived", now.packetsReceived()).execute();
        }
    }
}
