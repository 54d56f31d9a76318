package org.planetlab.plc.monitor;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** One interval of a node's history: up or down from {@code start}, until {@code end} if it ended. */
public record AvailabilityInterval(boolean up, long start, Optional<Long> end, String reason) {
    public AvailabilityInterval {
        requireNonNull(end, "end is null");
        requireNonNull(reason, "reason is null");
        if (end.isPresent() && end.get() < start) {
            throw new IllegalArgumentException("an interval cannot end (" + end.get() + ") before it starts (" + start + ")");
        }
    }

    public Map<String, Object> toWire() {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("up", up);
        wire.put("start", start);
        wire.put("end", end.orElse(null));
        wire.put("reason", reason);
        return wire;
    }
}
