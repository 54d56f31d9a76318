package org.planetlab.plc.usage;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.node.Nodes;
import org.planetlab.plc.slice.SliceNames;
import org.planetlab.plc.slice.Slices;

/**
 * What the usage series answers: a slice's usage across its nodes, a node's slices, and the
 * day's top consumers. Who sees what: a slice's users their slice, a site's PIs the site's slices,
 * operators every slice; a node's technical contacts every slice on their site's nodes (they need
 * to find who loads their machine). Usage of a deleted slice stays readable by id.
 */
public final class UsageReports {
    static final long DAY_SECONDS = 86_400;
    static final long DEFAULT_TOP = 10;

    private final SliceNames names;

    public UsageReports(SliceNames names) {
        this.names = requireNonNull(names, "names is null");
    }

    /** GetSliceUsage. */
    public Map<String, Object> slice(Handle handle, Caller caller, Object sliceRef, Optional<Long> from,
            Optional<Long> until, long now) {
        long[] period = period(from, until, now);
        long sliceId;
        String name;
        long siteId;
        if (sliceRef instanceof Long id) {
            Map.Entry<String, Long> found = handle.createQuery("SELECT name, site_id FROM slices WHERE slice_id = :id")
                    .bind("id", id).map((row, context) -> Map.entry(row.getString(1), row.getLong(2))).findOne()
                    .orElseThrow(() -> PlanetLabException.notFound("no slice with slice_id " + id));
            sliceId = id;
            name = found.getKey();
            siteId = found.getValue();
        } else {
            Slices.SliceRecord slice = Slices.require(handle, names, sliceRef);
            sliceId = slice.sliceId();
            name = slice.name();
            siteId = slice.siteId();
        }
        requireVisible(handle, caller, sliceId, siteId, name);
        List<Map<String, Object>> nodes = new ArrayList<>();
        UsageTotals total = UsageTotals.NONE;
        for (UsageSeries.Row row : UsageSeries.read(handle, UsageSeries.Scope.SLICE, sliceId, period[0], period[1])) {
            total = total.plus(row.totals());
            nodes.add(row.totals().toWire(Optional.of(sliceId), Optional.of(name), Optional.of(row.nodeId()),
                    Optional.of(row.hostname())));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("slice_id", sliceId);
        answer.put("name", name);
        answer.put("from", period[0]);
        answer.put("until", period[1]);
        answer.put("total", total.toWire(Optional.of(sliceId), Optional.of(name), Optional.empty(), Optional.empty()));
        answer.put("nodes", nodes);
        return answer;
    }

    /**
     * A slice's usage over time, as GetSliceUsage's reader may see it: {@code count} intervals of
     * {@code length} seconds (a whole number of hours) ending with the one holding {@code now},
     * each summed over the slice's nodes; intervals without reports are empty, not missing.
     */
    public List<UsagePoint> sliceOverTime(Handle handle, Caller caller, long sliceId, long length, int count, long now) {
        requireSeries(length, count);
        Map.Entry<String, Long> slice = handle.createQuery("SELECT name, site_id FROM slices WHERE slice_id = :id")
                .bind("id", sliceId).map((row, context) -> Map.entry(row.getString(1), row.getLong(2))).findOne()
                .orElseThrow(() -> PlanetLabException.notFound("no slice with slice_id " + sliceId));
        requireVisible(handle, caller, sliceId, slice.getValue(), slice.getKey());
        long until = (now / length + 1) * length;
        long from = until - count * length;
        Map<Long, UsagePoint> found = new HashMap<>();
        UsageSeries.buckets(handle, sliceId, from, until, length).forEach(point -> found.put(point.start(), point));
        return series(found, from, until, length);
    }

    /**
     * A node's usage over the slices the caller may see on it (every slice, for its site's techs),
     * as {@code count} intervals of {@code length} seconds ending with the current one.
     */
    public List<UsagePoint> nodeOverTime(Handle handle, Caller caller, long nodeId, long length, int count, long now) {
        requireSeries(length, count);
        Nodes.NodeRecord node = Nodes.require(handle, nodeId);
        Predicate<Visible> visible = visibleOn(handle, caller, node);
        long until = (now / length + 1) * length;
        long from = until - count * length;
        Map<Long, UsagePoint> found = new HashMap<>();
        for (UsageSeries.SlicePoint row : UsageSeries.nodeBuckets(handle, node.nodeId(), from, until, length)) {
            if (visible.test(new Visible(row.sliceId(), row.sliceSiteId()))) {
                found.merge(row.point().start(), row.point(), UsagePoint::plus);
            }
        }
        return series(found, from, until, length);
    }

    private static void requireSeries(long length, int count) {
        if (length <= 0 || length % 3600 != 0 || count < 1 || count > 1_000) {
            throw PlanetLabException.invalidArgument("a usage series is 1 to 1000 intervals of whole hours, not " + count
                    + " of " + length + " s");
        }
    }

    /** Every interval of [from, until), empty where nothing was found. */
    private static List<UsagePoint> series(Map<Long, UsagePoint> found, long from, long until, long length) {
        List<UsagePoint> series = new ArrayList<>();
        for (long start = from; start < until; start += length) {
            series.add(found.getOrDefault(start, UsagePoint.empty(start)));
        }
        return series;
    }

    /** GetNodeUsage. */
    public Map<String, Object> node(Handle handle, Caller caller, Object nodeRef, Optional<Long> from,
            Optional<Long> until, long now) {
        long[] period = period(from, until, now);
        Nodes.NodeRecord node = Nodes.require(handle, nodeRef);
        Predicate<Visible> visible = visibleOn(handle, caller, node);
        List<Map<String, Object>> slices = UsageSeries.read(handle, UsageSeries.Scope.NODE, node.nodeId(), period[0],
                        period[1]).stream()
                .filter(row -> visible.test(new Visible(row.sliceId(), row.sliceSiteId())))
                .map(row -> row.totals().toWire(Optional.of(row.sliceId()), Optional.of(row.sliceName()),
                        Optional.of(node.nodeId()), Optional.of(node.hostname())))
                .toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("node_id", node.nodeId());
        answer.put("hostname", node.hostname());
        answer.put("from", period[0]);
        answer.put("until", period[1]);
        answer.put("slices", slices);
        return answer;
    }

    /** GetTopConsumers: slices ranked by their day's total, largest first; ties by slice id. */
    public Map<String, Object> top(Handle handle, Caller caller, String metric, Optional<Long> day, Optional<Long> limit,
            long now) {
        long start = Math.floorDiv(day.orElse(now), DAY_SECONDS) * DAY_SECONDS;
        Predicate<Visible> visible = visibleSlices(handle, caller);
        Map<Long, UsageSeries.Row> bySlice = new LinkedHashMap<>();
        for (UsageSeries.Row row : UsageSeries.read(handle, UsageSeries.Scope.ALL, 0, start, start + DAY_SECONDS)) {
            if (visible.test(new Visible(row.sliceId(), row.sliceSiteId()))) {
                bySlice.merge(row.sliceId(), row, (sum, more) -> new UsageSeries.Row(sum.sliceId(), sum.sliceName(),
                        sum.sliceSiteId(), 0, "", sum.totals().plus(more.totals())));
            }
        }
        List<Map<String, Object>> slices = bySlice.values().stream()
                .sorted(Comparator.comparingLong((UsageSeries.Row row) -> row.totals().measure(metric)).reversed()
                        .thenComparingLong(UsageSeries.Row::sliceId))
                .limit(limit.orElse(DEFAULT_TOP))
                .map(row -> row.totals().toWire(Optional.of(row.sliceId()), Optional.of(row.sliceName()),
                        Optional.empty(), Optional.empty()))
                .toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("metric", metric);
        answer.put("day", start);
        answer.put("slices", slices);
        return answer;
    }

    private record Visible(long sliceId, long siteId) {}

    /** The slices on a node the caller may see: every one for the node's site's techs. */
    private static Predicate<Visible> visibleOn(Handle handle, Caller caller, Nodes.NodeRecord node) {
        return caller.has(Role.TECH) && caller.isAtSite(node.siteId()) ? slice -> true : visibleSlices(handle, caller);
    }

    private static void requireVisible(Handle handle, Caller caller, long sliceId, long siteId, String name) {
        if (!visibleSlices(handle, caller).test(new Visible(sliceId, siteId))) {
            throw PlanetLabException.permissionDenied("GetSliceUsage: " + caller.describe() + " is neither a user of slice "
                    + name + " nor a PI of its site; ask one of them, or an operator");
        }
    }

    /** Operators see every slice; others their own slices and, as PIs, their sites' slices. */
    private static Predicate<Visible> visibleSlices(Handle handle, Caller caller) {
        if (caller.isOperator()) {
            return slice -> true;
        }
        Set<Long> own = new HashSet<>();
        caller.personId().ifPresent(person -> own.addAll(handle.createQuery(
                        "SELECT slice_id FROM slice_persons WHERE person_id = :person")
                .bind("person", person).mapTo(Long.class).list()));
        boolean pi = caller.has(Role.PI);
        return slice -> own.contains(slice.sliceId()) || (pi && caller.isAtSite(slice.siteId()));
    }

    private static long[] period(Optional<Long> from, Optional<Long> until, long now) {
        // The default end includes the samples taken this very second.
        long end = until.orElse(now + 1);
        long start = from.orElse(end - DAY_SECONDS);
        if (start >= end) {
            throw PlanetLabException.invalidArgument("the period's from (" + start + ") must come before its until ("
                    + end + ")");
        }
        return new long[] {start, end};
    }
}
