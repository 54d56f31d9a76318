package org.planetlab.node.host;

import java.io.UncheckedIOException;
import org.planetlab.api.error.PlanetLabException;

/**
 * The node agent's name for {@link org.planetlab.api.error.HostFailures}, which lives in the
 * shared {@code api} module so that the slice creation service reports host failures the same
 * way; new code uses that class directly.
 */
public final class HostFailures {
    private HostFailures() {}

    /** See {@link org.planetlab.api.error.HostFailures#of}. */
    public static PlanetLabException of(String operation, RuntimeException failure) {
        return org.planetlab.api.error.HostFailures.of(operation, failure);
    }

    /** See {@link org.planetlab.api.error.HostFailures#describe}. */
    public static String describe(UncheckedIOException failure) {
        return org.planetlab.api.error.HostFailures.describe(failure);
    }
}
