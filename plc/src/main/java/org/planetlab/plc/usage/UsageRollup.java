package org.planetlab.plc.usage;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.store.Database;

/**
 * Keeps the series within its retention: fine samples older than the fine retention become one
 * row per sliver and hour (increases summed, sizes and rates at their peak), and hours older than
 * the coarse retention are dropped. The cut falls on an hour boundary and samples carry PLC's
 * clock, so an hour is rolled up once and whole. With several servers on one store only one runs
 * it at a time (an advisory lock, as the monitor's watch).
 */
public final class UsageRollup {
    static final long HOUR_SECONDS = 3600;
    /** The advisory lock of the rollup ("PLCUSAGE"). */
    private static final long ROLLUP_LOCK_KEY = 0x504c_4355_5341_4745L;

    private final MutationPath mutations;
    private final Database database;
    private final UsageSettings settings;

    public UsageRollup(MutationPath mutations, Database database, UsageSettings settings) {
        this.mutations = requireNonNull(mutations, "mutations is null");
        this.database = requireNonNull(database, "database is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    /** What was done: samples rolled up into hours, hours dropped. */
    public record Result(int samplesRolledUp, int hoursDropped) {}

    /** Rolls up and drops what is past its retention now; nothing if another server is doing it. */
    public Result run() {
        Result[] result = {new Result(0, 0)};
        database.runAlone(ROLLUP_LOCK_KEY, () -> result[0] = mutations.run(Caller.INTERNAL, "RollUpUsage", List.of(),
                mutation -> {
                    mutation.quietIfUnchanged();
                    long now = mutation.now();
                    long fineCutoff = Math.floorDiv(now - settings.fineRetention().toSeconds(), HOUR_SECONDS) * HOUR_SECONDS;
                    long coarseCutoff = now - settings.coarseRetention().toSeconds();
                    var handle = mutation.db();
                    handle.createUpdate("INSERT INTO usage_hours (node_id, slice_id, hour_start, cpu_ns, memory_bytes,"
                                    + " disk_bytes, processes, bytes_sent, packets_sent, bytes_received, packets_received,"
                                    + " bandwidth_bps) SELECT node_id, slice_id, sampled_at - (sampled_at % 3600),"
                                    + " SUM(cpu_ns), MAX(memory_bytes), MAX(disk_bytes), MAX(processes), SUM(bytes_sent),"
                                    + " SUM(packets_sent), SUM(bytes_received), SUM(packets_received), MAX(bandwidth_bps)"
                                    + " FROM usage_samples WHERE sampled_at < :cutoff"
                                    + " GROUP BY node_id, slice_id, sampled_at - (sampled_at % 3600)")
                            .bind("cutoff", fineCutoff).execute();
                    int rolled = handle.createUpdate("DELETE FROM usage_samples WHERE sampled_at < :cutoff")
                            .bind("cutoff", fineCutoff).execute();
                    int dropped = handle.createUpdate("DELETE FROM usage_hours WHERE hour_start < :cutoff")
                            .bind("cutoff", coarseCutoff).execute();
                    mutation.message("%d usage samples rolled up into hours, %d hours dropped".formatted(rolled, dropped));
                    return new Result(rolled, dropped);
                }));
        return result[0];
    }
}
