package org.planetlab.plc.usage;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.planetlab.api.usage.UsageApi;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;

/** ReportUsage, GetSliceUsage, GetNodeUsage and GetTopConsumers. */
public final class UsageMethods {
    private final UsageRecorder recorder;
    private final UsageReports reports;

    public UsageMethods(UsageRecorder recorder, UsageReports reports) {
        this.recorder = requireNonNull(recorder, "recorder is null");
        this.reports = requireNonNull(reports, "reports is null");
    }

    public void register(MethodRegistry registry) {
        // Nothing to do before the report, but a preflight gives the call's read connection (opened to
        // authenticate a node not heard since PLC started) back before the report waits for its batch:
        // reports waiting for a commit must not hold the connections the writer needs.
        registry.bind(UsageApi.REPORT_USAGE, (caller, args) -> { }, call -> recorder.report(call.caller(), call.structArg(0)))
                .bind("GetSliceUsage", call -> reports.slice(call.db(), call.caller(), call.arg(0), number(call, 1),
                        number(call, 2), call.now()))
                .bind("GetNodeUsage", call -> reports.node(call.db(), call.caller(), call.arg(0), number(call, 1),
                        number(call, 2), call.now()))
                .bind("GetTopConsumers", call -> reports.top(call.db(), call.caller(), call.stringArg(0),
                        number(call, 1), number(call, 2), call.now()));
    }

    private static Optional<Long> number(Call call, int index) {
        return call.optionalArg(index).map(Long.class::cast);
    }
}
