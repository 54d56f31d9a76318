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
        List<ColumnChart> overTime = UsagePages.overTime(series, period);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> slices = (List<Map<String, Object>>) usage.get("slices");
        List<String> names = slices.stream().map(slice -> String.valueOf(slice.get("name"))).toList();
        List<BarChart> bySlice = UsagePages.totals(slices, names);
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
}
