package org.planetlab.portal.slice;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.planetlab.plc.Plc;
import org.planetlab.plc.slice.SliceDetails;
import org.planetlab.plc.usage.UsagePoint;
import org.planetlab.portal.security.ApiRules;
import org.planetlab.portal.web.BarChart;
import org.planetlab.portal.web.ColumnChart;
import org.planetlab.portal.web.Reply;
import org.planetlab.portal.web.Routes;
import org.planetlab.portal.web.WebRequest;

/**
 * A slice's usage over a chosen period (the last day, week or 30 days) as charts drawn on the
 * server: CPU time and traffic per interval over all the slice's nodes, from the usage store's
 * samples and hourly rollups; then node by node: CPU time, traffic sent and received, memory. Those who manage the slice see it (as GetSliceUsage allows).
 */
public final class UsagePages {
    private final Plc plc;

    public UsagePages(Plc plc) {
        this.plc = requireNonNull(plc, "plc is null");
    }

    public void register(Routes routes) {
        routes.get("/slices/{id}/usage", Routes.Access.SIGNED_IN, this::page);
    }

    /** A period the charts may cover: so many intervals of so many hours, ending now. */
    public enum Period {
        DAY("day", "the last day", 24, 3_600),
        WEEK("week", "the last week", 28, 6 * 3_600),
        MONTH("month", "the last 30 days", 30, 86_400);

        private final String key;
        private final String text;
        private final int intervals;
        private final long seconds;

        Period(String key, String text, int intervals, long seconds) {
            this.key = key;
            this.text = text;
            this.intervals = intervals;
            this.seconds = seconds;
        }

        public String key() {
            return key;
        }

        public String text() {
            return text;
        }

        public int intervals() {
            return intervals;
        }

        public long seconds() {
            return seconds;
        }

        public static Period named(String key) {
            for (Period period : values()) {
                if (period.key.equals(key)) {
                    return period;
                }
            }
            return DAY;
        }
    }

    private Reply page(WebRequest request) {
        SliceDetails slice = SlicePages.managedSlice(plc, request);
        ApiRules.require(request.caller(), "GetSliceUsage");
        Period period = Period.named(request.field("period"));
        long now = plc.mutations().now();
        List<UsagePoint> series = plc.database().read(handle -> plc.usage().reports().sliceOverTime(handle,
                request.caller(), slice.sliceId(), period.seconds, period.intervals, now));
        long from = series.getFirst().start();
        Map<String, Object> usage = plc.database().read(handle -> plc.usage().reports().slice(handle,
                request.caller(), slice.sliceId(), Optional.of(from), Optional.empty(), now));
        List<ColumnChart> overTime = overTime(series, period);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> nodes = (List<Map<String, Object>>) usage.get("nodes");
        List<String> hosts = nodes.stream().map(node -> String.valueOf(node.get("hostname"))).toList();
        List<BarChart> byNode = new ArrayList<>(totals(nodes, hosts));
        byNode.add(BarChart.of("Memory at the last report", "bytes", hosts, values(nodes, "memory_bytes"),
                UsagePages::bytes));
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("frame", request.frame("Usage of " + slice.name()));
        parameters.put("sliceId", slice.sliceId());
        parameters.put("period", period);
        parameters.put("from", Times.utc(from));
        parameters.put("until", Times.utc(((Number) usage.get("until")).longValue()));
        parameters.put("overTime", nodes.isEmpty() ? List.of() : overTime);
        parameters.put("byNode", nodes.isEmpty() ? List.of() : byNode);
        return Reply.page("slice-usage.jte", parameters);
    }

    /** CPU time, traffic sent and traffic received per interval of a usage series. */
    public static List<ColumnChart> overTime(List<UsagePoint> series, Period period) {
        List<String> times = series.stream().map(point -> Times.utc(point.start())).toList();
        return List.of(
                ColumnChart.of("CPU time per " + interval(period), "seconds", times,
                        series.stream().map(point -> point.cpuNs() / 1e9).toList(), value -> "%.1f s".formatted(value)),
                ColumnChart.of("Traffic sent per " + interval(period), "bytes", times,
                        series.stream().map(point -> (double) point.bytesSent()).toList(), UsagePages::bytes),
                ColumnChart.of("Traffic received per " + interval(period), "bytes", times,
                        series.stream().map(point -> (double) point.bytesReceived()).toList(), UsagePages::bytes));
    }

    /** CPU time, traffic sent and traffic received, one bar per row of a usage answer, named by {@code labels}. */
    public static List<BarChart> totals(List<Map<String, Object>> rows, List<String> labels) {
        return List.of(
                BarChart.of("CPU time", "seconds", labels, values(rows, "cpu_seconds"), value -> "%.1f s".formatted(value)),
                BarChart.of("Traffic sent", "bytes", labels, values(rows, "bytes_sent"), UsagePages::bytes),
                BarChart.of("Traffic received", "bytes", labels, values(rows, "bytes_received"), UsagePages::bytes));
    }

    private static String interval(Period period) {
        return period.seconds == 3_600 ? "hour" : period.seconds == 86_400 ? "day" : (period.seconds / 3_600) + " hours";
    }

    private static List<Double> values(List<Map<String, Object>> nodes, String field) {
        return nodes.stream().map(node -> node.get(field) instanceof Number number ? number.doubleValue() : 0.0)
                .toList();
    }

    public static String bytes(double value) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? "%.0f B".formatted(value) : "%.1f %s".formatted(value, units[unit]);
    }
}
