package org.planetlab.plc.sliver.state;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.planetlab.api.sliver.SliverStateApi;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.slice.SliceNames;

/** ReportSliverStates and GetSliverStates. */
public final class SliverStateMethods {
    private final SliverStateRecorder recorder;
    private final SliverStates states;

    public SliverStateMethods(SliverStateRecorder recorder, SliverStates states) {
        this.recorder = requireNonNull(recorder, "recorder is null");
        this.states = requireNonNull(states, "states is null");
    }

    /** With the default report interval. */
    public static SliverStateMethods create(MutationPath mutations, SliverStates states, SliceNames names) {
        return new SliverStateMethods(new SliverStateRecorder(mutations, names,
                Duration.ofSeconds(SliverStateApi.DEFAULT_INTERVAL_SECONDS)), states);
    }

    public void register(MethodRegistry registry) {
        registry.bind(SliverStateApi.REPORT_SLIVER_STATES, call -> recorder.report(call.caller(), call.structArg(0)))
                .bind(SliverStateApi.GET_SLIVER_STATES, call -> states.ofSlice(call.db(), call.caller(), call.arg(0)).stream()
                        .map(SliverState::toWire).toList());
    }
}
