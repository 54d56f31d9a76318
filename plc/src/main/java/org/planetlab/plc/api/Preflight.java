package org.planetlab.plc.api;

import java.util.List;
import org.planetlab.plc.auth.Caller;

/**
 * Work a method does before its transaction opens, such as waiting for something to change:
 * a long poll must not hold a database connection while it waits.
 */
@FunctionalInterface
public interface Preflight {
    /** Runs with the authenticated caller and the checked arguments. */
    void run(Caller caller, List<Object> args);
}
