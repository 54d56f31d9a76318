package org.planetlab.portal.node;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.planetlab.plc.Plc;
import org.planetlab.plc.node.NodeDetails;
import org.planetlab.plc.usage.UsagePoint;
import org.planetlab.portal.security.ApiRules;
import org.planetlab.portal.slice.Times;
import org.planetlab.portal.slice.UsagePages;
import org.planetlab.portal.web.BarChart;
import org.planetlab.portal.web.ColumnChart;
import org.planetlab.portal.web.Reply;
import org.planetlab.portal.web.Routes;
import org.planetlab.portal.web.WebRequest;

/**
 * A node's usage over a chosen period (the last day, week or 30 days), for those who manage the
 * node: CPU time and traffic per interval over its slices, then slice by slice, from the usage
 * store as GetNodeUsage reads it (a site's techs see every slice on its nodes).
 */
final class NodeUsagePages {
    private final Plc plc;

    NodeUsagePages(Plc plc) {
        this.plc = requireNonNull(plc, "plc is null");
    }

    void register(Routes routes) {
        routes.get("/site/nodes/{id}/usage", Routes.Access.SIGNED_IN, this::page);
    }

    private Reply page(WebRequest request) {
        NodeDetails node = NodePages.managedNode(plc, request);
        ApiRules.require(request.caller(), "GetNodeUsage");
        UsagePages.Period period = UsagePages.Period.named(request.field("period"));
        long now = plc.mutations().now();
        List<UsagePoint> series = plc.database().read(handle -> plc.usage().reports().nodeOverTime(handle,
                request.caller(), node.nodeId(), period.seconds(), period.intervals(), now));
        long from = series.getFirst().start();
        Map<String, Object> usage = plc.database().read(handle -> plc.usage().reports().node(handle, request.caller(),
                node.nodeId(), Optional.of(from), Optional.empty(), now));
        String interval = UsagePages.interval(period);
        List<String> times = series.stream().map(point -> Times.utc(point.start())).toList();
        List<ColumnChart> overTime = List.of(
                ColumnChart.of("CPU time per " + interval, "seconds", times,
                        series.stream().map(point -> point.cpuNs() / 1e9).toList(), value -> "%.1f s".formatted(value)),
                ColumnChart.of("Traffic sent per " + interval, "bytes", times,
                        series.stream().map(point -> (double) point.bytesSent()).toList(), UsagePages::bytes),
                ColumnChart.of("Traffic received per " + interval, "bytes", times,
                        series.stream().map(point -> (double) point.bytesReceived()).toList(), UsagePages::bytes));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> slices = (List<Map<String, Object>>) usage.get("slices");
        List<String> names = slices.stream().map(slice -> String.valueOf(slice.get("name"))).toList();
        List<BarChart> bySlice = List.of(
                BarChart.of("CPU time", "seconds", names, values(slices, "cpu_seconds"), value -> "%.1f s".formatted(value)),
                BarChart.of("Traffic sent", "bytes", names, values(slices, "bytes_sent"), UsagePages::bytes),
                BarChart.of("Traffic received", "bytes", names, values(slices, "bytes_received"), UsagePages::bytes));
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("frame", request.frame("Usage of " + node.hostname()));
        parameters.put("nodeId", node.nodeId());
        parameters.put("period", period);
        parameters.put("from", Times.utc(from));
        parameters.put("until", Times.utc(((Number) usage.get("until")).longValue()));
        parameters.put("overTime", slices.isEmpty() ? List.of() : overTime);
        parameters.put("bySlice", slices.isEmpty() ? List.of() : bySlice);
        return Reply.page("node-usage.jte", parameters);
    }

    private static List<Double> values(List<Map<String, Object>> rows, String field) {
        return rows.stream().map(row -> row.get(field) instanceof Number number ? number.doubleValue() : 0.0).toList();
    }
}
