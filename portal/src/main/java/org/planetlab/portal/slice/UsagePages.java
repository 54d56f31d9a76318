package org.planetlab.portal.slice;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.planetlab.plc.Plc;
import org.planetlab.plc.slice.SliceDetails;
import org.planetlab.portal.security.ApiRules;
import org.planetlab.portal.web.BarChart;
import org.planetlab.portal.web.Reply;
import org.planetlab.portal.web.Routes;
import org.planetlab.portal.web.WebRequest;

/**
 * A slice's usage over the last week, node by node, as charts drawn on the server: CPU time,
 * traffic sent and received, memory. Those who manage the slice see it (as GetSliceUsage allows).
 */
public final class UsagePages {
    private final Plc plc;

    public UsagePages(Plc plc) {
        this.plc = requireNonNull(plc, "plc is null");
    }

    public void register(Routes routes) {
        routes.get("/slices/{id}/usage", Routes.Access.SIGNED_IN, this::page);
    }

    private Reply page(WebRequest request) {
        SliceDetails slice = SlicePages.managedSlice(plc, request);
        ApiRules.require(request.caller(), "GetSliceUsage");
        long now = plc.mutations().now();
        Map<String, Object> usage = plc.database().read(handle -> plc.usage().reports().slice(handle,
                request.caller(), slice.sliceId(), Optional.empty(), Optional.empty(), now));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> nodes = (List<Map<String, Object>>) usage.get("nodes");
        List<String> hosts = nodes.stream().map(node -> String.valueOf(node.get("hostname"))).toList();
        List<BarChart> charts = List.of(
                BarChart.of("CPU time", "seconds", hosts, values(nodes, "cpu_seconds"), value -> "%.1f s".formatted(value)),
                BarChart.of("Traffic sent", "bytes", hosts, values(nodes, "bytes_sent"), UsagePages::bytes),
                BarChart.of("Traffic received", "bytes", hosts, values(nodes, "bytes_received"), UsagePages::bytes),
                BarChart.of("Memory at the last report", "bytes", hosts, values(nodes, "memory_bytes"),
                        UsagePages::bytes));
        return Reply.page("slice-usage.jte", Map.of("frame", request.frame("Usage of " + slice.name()),
                "sliceId", slice.sliceId(), "from", Times.utc(((Number) usage.get("from")).longValue()),
                "until", Times.utc(((Number) usage.get("until")).longValue()), "charts", nodes.isEmpty() ? List.of()
                        : charts));
    }

    private static List<Double> values(List<Map<String, Object>> nodes, String field) {
        return nodes.stream().map(node -> node.get(field) instanceof Number number ? number.doubleValue() : 0.0)
                .toList();
    }

    static String bytes(double value) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? "%.0f B".formatted(value) : "%.1f %s".formatted(value, units[unit]);
    }
}
