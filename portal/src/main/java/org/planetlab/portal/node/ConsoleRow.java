package org.planetlab.portal.node;

import java.util.Map;
import org.planetlab.portal.slice.Times;

/** A console log a node uploaded after a boot: when that boot began, when it came, what it said. */
public record ConsoleRow(long consoleId, String bootStarted, String uploaded, String text) {
    static ConsoleRow of(Map<String, Object> wire) {
        return new ConsoleRow(((Number) wire.get("console_id")).longValue(),
                Times.utc(((Number) wire.get("boot_started")).longValue()),
                Times.utc(((Number) wire.get("uploaded")).longValue()), String.valueOf(wire.get("text")));
    }
}
