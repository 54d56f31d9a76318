package org.planetlab.plc.usage;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.method.Role;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mail.PlcMail;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a slice's users and its site's PIs when one of its slivers passed the day's threshold, as
 * the original node manager's bandwidth monitor did (bwmon, per sliver and day): bytes sent and
 * received ({@code usage.notify-bytes-per-day}, or the slice's {@code net_thresh_kbyte} tag), and
 * CPU seconds ({@code usage.notify-cpu-seconds-per-day}). A notice is a row of
 * {@code usage_notices}, unique per sliver, UTC day and metric, written with its mail (the outbox
 * {@code usage_mail}) in one transaction: a sliver is told at most once a day for each metric,
 * also with several servers (one runs the check at a time) and across restarts. A notice changes
 * nothing of the slice: it informs, the operators decide.
 */
public final class UsageNotices {
    private static final Logger LOG = LoggerFactory.getLogger(UsageNotices.class);
    static final long DAY_SECONDS = 86_400;
    /** The slice tag that overrides the bytes threshold, in KiB a day, as PLCAPI's node manager named it. */
    static final String BYTES_TAG = "net_thresh_kbyte";
    /** The advisory lock of the check ("PLCUSNOT"). */
    private static final long NOTICE_LOCK_KEY = 0x504c_4355_534e_4f54L;

    private final MutationPath mutations;
    private final Database database;
    private final UsageSettings settings;
    private final Optional<String> support;

    public UsageNotices(MutationPath mutations, Database database, UsageSettings settings, Optional<String> support) {
        this.mutations = requireNonNull(mutations, "mutations is null");
        this.database = requireNonNull(database, "database is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.support = requireNonNull(support, "support is null");
    }

    /** A sliver's amount of today past its threshold. */
    private record Crossing(long sliceId, long nodeId, String metric, long amount, long threshold) {}

    /** Writes the notices due now (today's slivers past a threshold, not told yet today); returns how many. */
    public int check() {
        int[] written = {0};
        database.runAlone(NOTICE_LOCK_KEY, () -> written[0] = mutations.run(Caller.INTERNAL, "NotifyUsage", List.of(), mutation -> {
            mutation.quietIfUnchanged();
            long day = Math.floorDiv(mutation.now(), DAY_SECONDS) * DAY_SECONDS;
            int count = 0;
            for (Crossing crossing : crossings(mutation.db(), day)) {
                if (notify(mutation, day, crossing)) {
                    count++;
                }
            }
            if (count > 0) {
                mutation.message(count + " usage notices written");
            }
            return count;
        }));
        return written[0];
    }

    private List<Crossing> crossings(Handle handle, long day) {
        Map<Long, Long> overrides = new java.util.HashMap<>();
        handle.createQuery("SELECT t.slice_id, t.value FROM slice_tags t JOIN tag_types y ON y.tag_type_id = t.tag_type_id"
                        + " WHERE y.tagname = :tag AND t.node_id IS NULL AND t.nodegroup_id IS NULL")
                .bind("tag", BYTES_TAG).mapToMap().forEach(row -> kibibytes((String) row.get("value"))
                        .ifPresent(bytes -> overrides.put(((Number) row.get("slice_id")).longValue(), bytes)));
        long bytesFloor = overrides.values().stream().filter(bytes -> bytes > 0).reduce(settings.notifyBytesPerDay(),
                (one, other) -> one == 0 ? other : Math.min(one, other));
        long cpuThreshold = settings.notifyCpuSecondsPerDay();
        if (bytesFloor == 0 && cpuThreshold == 0) {
            return List.of();
        }
        List<Crossing> crossings = new ArrayList<>();
        handle.createQuery("SELECT slice_id, node_id, SUM(bytes_sent + bytes_received) AS bytes, SUM(cpu_ns) AS cpu_ns"
                        + " FROM usage_samples WHERE sampled_at >= :day AND sampled_at < :end GROUP BY slice_id, node_id"
                        + " HAVING (:bytes > 0 AND SUM(bytes_sent + bytes_received) > :bytes) OR (:cpu > 0 AND SUM(cpu_ns) > :cpu)"
                        + " ORDER BY slice_id, node_id")
                .bind("day", day).bind("end", day + DAY_SECONDS).bind("bytes", bytesFloor)
                .bind("cpu", cpuThreshold > Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : cpuThreshold * 1_000_000_000L)
                .mapToMap().forEach(row -> {
                    long sliceId = ((Number) row.get("slice_id")).longValue();
                    long nodeId = ((Number) row.get("node_id")).longValue();
                    long bytes = ((Number) row.get("bytes")).longValue();
                    long cpuSeconds = ((Number) row.get("cpu_ns")).longValue() / 1_000_000_000L;
                    long bytesThreshold = overrides.getOrDefault(sliceId, settings.notifyBytesPerDay());
                    if (bytesThreshold > 0 && bytes > bytesThreshold) {
                        crossings.add(new Crossing(sliceId, nodeId, "bytes", bytes, bytesThreshold));
                    }
                    if (cpuThreshold > 0 && cpuSeconds > cpuThreshold) {
                        crossings.add(new Crossing(sliceId, nodeId, "cpu_seconds", cpuSeconds, cpuThreshold));
                    }
                });
        return crossings;
    }

    private boolean notify(Mutation mutation, long day, Crossing crossing) {
        Handle handle = mutation.db();
        boolean told = handle.createQuery("SELECT COUNT(*) FROM usage_notices WHERE slice_id = :slice AND node_id = :node"
                        + " AND day_start = :day AND metric = :metric")
                .bind("slice", crossing.sliceId()).bind("node", crossing.nodeId()).bind("day", day).bind("metric", crossing.metric())
                .mapTo(Long.class).one() > 0;
        if (told) {
            return false;
        }
        long noticeId = Database.nextId(handle, "usage_notices");
        Rows.insert(handle, "usage_notices", Map.of("notice_id", noticeId, "slice_id", crossing.sliceId(), "node_id", crossing.nodeId(),
                "day_start", day, "metric", crossing.metric(), "amount", crossing.amount(), "threshold", crossing.threshold(),
                "created", mutation.now()));
        mutation.affected(ObjectType.USAGE_NOTICE, noticeId);
        Map<String, Object> slice = handle.createQuery("SELECT name, site_id FROM slices WHERE slice_id = :slice")
                .bind("slice", crossing.sliceId()).mapToMap().one();
        String sliceName = (String) slice.get("name");
        String hostname = handle.createQuery("SELECT hostname FROM nodes WHERE node_id = :node").bind("node", crossing.nodeId())
                .mapTo(String.class).one();
        Set<String> recipients = recipients(handle, crossing.sliceId(), ((Number) slice.get("site_id")).longValue());
        if (recipients.isEmpty()) {
            LOG.warn("usage notice {}: slice {} has no enabled user or PI to tell", noticeId, sliceName);
            return true;
        }
        PlcMail.USAGE_NOTICES.queue(handle, noticeId, recipients, subject(sliceName, hostname, crossing),
                UsageNoticeText.body(sliceName, hostname, crossing.metric(), crossing.amount(), crossing.threshold(), day, support),
                mutation.now());
        return true;
    }

    private static String subject(String slice, String hostname, Crossing crossing) {
        return "[PlanetLab] slice %s passed its daily %s threshold on %s".formatted(slice,
                crossing.metric().equals("bytes") ? "bandwidth" : "CPU", hostname);
    }

    /** The slice's enabled users and its site's enabled PIs. */
    private static Set<String> recipients(Handle handle, long sliceId, long siteId) {
        Set<String> recipients = new LinkedHashSet<>(handle.createQuery("SELECT p.email FROM slice_persons sp JOIN persons p"
                        + " ON p.person_id = sp.person_id WHERE sp.slice_id = :slice AND p.deleted = FALSE AND p.enabled = TRUE"
                        + " ORDER BY p.email")
                .bind("slice", sliceId).mapTo(String.class).list());
        recipients.addAll(handle.createQuery("SELECT DISTINCT p.email FROM person_sites ps JOIN person_roles pr ON pr.person_id ="
                        + " ps.person_id JOIN persons p ON p.person_id = ps.person_id WHERE ps.site_id = :site AND p.deleted = FALSE"
                        + " AND p.enabled = TRUE AND pr.role_id = :pi ORDER BY p.email")
                .bind("site", siteId).bind("pi", Role.PI.roleId()).mapTo(String.class).list());
        return recipients;
    }

    private static Optional<Long> kibibytes(String value) {
        try {
            long kibibytes = Long.parseLong(value.strip());
            return kibibytes < 0 || kibibytes > (1L << 52) ? Optional.empty() : Optional.of(kibibytes * 1024);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
