package org.planetlab.plc.stop;

import org.planetlab.plc.mutation.Mutation;

/**
 * Where a stop tells the slice's users. Called inside the stop's own transaction, so a mail
 * path that queues its message there sends it exactly when the stop is committed, once. PLC
 * installs {@link StopMail}; {@link #NONE} is for a service used without mail.
 */
@FunctionalInterface
public interface StopNotifications {
    StopNotifications NONE = (mutation, stop) -> {};

    /** A stop was recorded in {@code mutation}; tell the users of its slice (or of every slice). */
    void stopped(Mutation mutation, StopRecord stop);
}
