package org.planetlab.plc.stop;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.slice.SliceRef;

/**
 * StopSliver, StartSliver, StopSlice, StartSlice, StopSiteSlices, StopAllSlices, ResumeAllSlices
 * and GetSliceStops: thin adapters over {@link StopService}. StopSlice and StartSlice are bound
 * here, not with the other slice methods, because every stop is recorded and a system-wide stop
 * holds against them.
 */
public final class StopMethods {
    private final StopService stops;

    public StopMethods(StopService stops) {
        this.stops = requireNonNull(stops, "stops is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("StopSliver", call -> done(() -> stops.stopSliver(call.mutation(), slice(call.arg(0)),
                        call.arg(1), call.stringArg(2))))
                .bind("StartSliver", call -> done(() -> stops.startSliver(call.mutation(), slice(call.arg(0)),
                        call.arg(1))))
                .bind("StopSlice", call -> done(() -> stops.stopSlice(call.mutation(), slice(call.arg(0)),
                        call.optionalArg(1).map(String.class::cast))))
                .bind("StartSlice", call -> done(() -> stops.startSlice(call.mutation(), slice(call.arg(0)))))
                .bind("StopSiteSlices", call -> stops.stopSiteSlices(call.mutation(), call.arg(0), call.stringArg(1)))
                .bind("StopAllSlices", call -> done(() -> stops.stopAllSlices(call.mutation(), call.stringArg(0))))
                .bind("ResumeAllSlices", call -> done(() -> stops.resumeAllSlices(call.mutation(), call.stringArg(0))))
                .bind("GetSliceStops", this::getSliceStops);
    }

    private Object getSliceStops(Call call) {
        Map<String, Object> filter = call.optionalArg(0).map(present -> call.structArg(0)).orElse(Map.of());
        return stops.stops(call.db(), call.caller(), Optional.ofNullable(filter.get("slice")),
                        Optional.ofNullable(filter.get("site")),
                        Optional.ofNullable((Boolean) filter.get("active")))
                .stream().map(StopRecord::toWire).toList();
    }

    private static Object done(Runnable action) {
        action.run();
        return 1L;
    }

    private static SliceRef slice(Object wire) {
        return wire instanceof Long id ? SliceRef.of(id) : SliceRef.of((String) wire);
    }
}
