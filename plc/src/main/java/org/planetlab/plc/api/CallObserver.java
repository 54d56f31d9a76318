package org.planetlab.plc.api;

/** Hears of every API call the dispatcher ran or refused, for metrics. */
@FunctionalInterface
public interface CallObserver {
    CallObserver NONE = (method, outcome, nanoseconds) -> {};

    /**
     * @param method the method's name if the catalog knows it, else {@code unknown} (a name a
     *     caller made up never becomes a label)
     * @param outcome {@code ok}, or the error code the call ended with
     * @param nanoseconds how long the call took
     */
    void called(String method, String outcome, long nanoseconds);
}
