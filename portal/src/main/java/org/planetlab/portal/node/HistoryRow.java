package org.planetlab.portal.node;

import java.util.Map;
import org.planetlab.portal.slice.Times;

/** One interval of a node's availability history: up or down, from when to when, and why. */
public record HistoryRow(String state, String from, String until, String reason) {
    static HistoryRow of(Map<String, Object> wire) {
        Object end = wire.get("end");
        return new HistoryRow(Boolean.TRUE.equals(wire.get("up")) ? "up" : "down",
                Times.utc(((Number) wire.get("start")).longValue()),
                end == null ? "now" : Times.utc(((Number) end).longValue()), String.valueOf(wire.get("reason")));
    }
}
