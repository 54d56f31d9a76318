package org.planetlab.plc.stop;

import org.planetlab.plc.mutation.Mutation;

/**
 * Where a stop tells the slice's users. Called inside the stop's own transaction, so a mail
 * path that queues its message there sends it exactly when the stop is committed, once.
 * PLC has no mail path yet: {@link #NONE} is installed and the stop record (GetSliceStops) and
 * the event log are how users learn of a stop until one is plugged in through
 * {@link StopService#notifyWith}.
 */
@FunctionalInterface
public interface StopNotifications {
    StopNotifications NONE = (mutation, stop) -> {};

    /** A stop was recorded in {@code mutation}; tell the users of its slice (or of every slice). */
    void stopped(Mutation mutation, StopRecord stop);
}
