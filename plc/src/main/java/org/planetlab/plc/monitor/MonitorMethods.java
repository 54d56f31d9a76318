package org.planetlab.plc.monitor;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.planetlab.api.monitor.MonitorApi;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;

/**
 * ReportHeartbeat, GetNodeStatus, GetNodeHistory, GetSiteUptime and GetNotifications. A heartbeat is not a
 * state-changing call: it is kept in memory and written in batches by the monitor timer, so a
 * node's heartbeat costs neither a write nor an event-log entry.
 */
public final class MonitorMethods {
    private final AvailabilityService service;
    private final AvailabilityReports reports;

    public MonitorMethods(AvailabilityService service, AvailabilityReports reports) {
        this.service = requireNonNull(service, "service is null");
        this.reports = requireNonNull(reports, "reports is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind(MonitorApi.REPORT_HEARTBEAT, call -> service.heartbeat(call.caller(),
                        Heartbeat.fromWire(call.structArg(0)), call.now(), call.lazyDb()))
                .bind("GetNodeStatus", call -> reports.status(call.db(), call.caller(),
                                call.optionalArg(0).map(nodes -> call.listArg(0)))
                        .stream().map(AvailabilityReports.NodeStatus::toWire).toList())
                .bind("GetNodeHistory", call -> reports.history(call.db(), call.caller(), call.arg(0), timestamp(call, 1),
                        timestamp(call, 2), call.now()))
                .bind("GetSiteUptime", call -> reports.siteUptime(call.db(), call.caller(), call.arg(0),
                        timestamp(call, 1), timestamp(call, 2), call.now()))
                .bind("GetNotifications", call -> EscalationReports.notifications(call.db(), call.caller(),
                        call.optionalArg(0), call.optionalArg(1).map(Boolean.class::cast).orElse(false), call.now()));
    }

    private static Optional<Long> timestamp(Call call, int index) {
        return call.optionalArg(index).map(Long.class::cast);
    }
}
