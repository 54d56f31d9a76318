package org.planetlab.plc.audit;

import java.util.Locale;
import org.planetlab.api.error.PlanetLabException;

/** Where a complaint stands. */
public enum ComplaintStatus {
    /** Filed; nobody has answered yet. */
    OPEN,
    /** Someone answered the reporter. */
    ANSWERED,
    /** Resolved. */
    CLOSED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ComplaintStatus fromWire(String text) {
        for (ComplaintStatus status : values()) {
            if (status.wireName().equals(text)) {
                return status;
            }
        }
        throw PlanetLabException.invalidArgument("status must be open, answered or closed");
    }
}
