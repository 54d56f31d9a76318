package org.planetlab.plc.auth;

import org.planetlab.api.error.PlanetLabException;

/**
 * What a node sends stamped with its own clock (heartbeats, usage and sliver-state reports) is
 * taken only when that clock is near PLC's: a far stamp would misplace the report in time.
 */
public final class NodeClock {
    /** The most a node's stamp may differ from PLC's clock, either way. */
    public static final long MAX_SKEW_SECONDS = 300;

    private NodeClock() {
    }

    /**
     * Refuses a stamp too far from PLC's clock.
     *
     * @param what the thing sent, as the node's request names it ("report", "heartbeat")
     */
    public static void requireNear(String what, long sentAt, long now) {
        long skew = sentAt - now;
        if (Math.abs(skew) > MAX_SKEW_SECONDS) {
            throw PlanetLabException.invalidArgument(what + ".sent_at " + sentAt + " is " + Math.abs(skew) + " s "
                    + (skew > 0 ? "ahead of" : "behind") + " PLC's clock (" + now + "); at most " + MAX_SKEW_SECONDS
                    + " s is accepted: set the node's clock, then send a fresh " + what);
        }
    }
}
