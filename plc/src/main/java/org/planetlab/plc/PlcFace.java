package org.planetlab.plc;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.planetlab.plc.http.WebMount;

/**
 * A front end that lives in a module of its own (the web portal, the GENI aggregate manager) and
 * runs inside the PLC process over PLC's services. PLC finds the faces on its class path with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/org.planetlab.plc.PlcFace}) and starts
 * each once its services exist and before its HTTP server starts, so that a face's pages can be
 * served on the API's own port.
 */
public interface PlcFace {
    /** A short name for logs, e.g. {@code portal}. */
    String name();

    /**
     * Starts the face over a PLC whose services are ready (the API server is not yet listening).
     *
     * @throws Exception when the face cannot start; PLC then does not start either
     */
    Started start(Plc plc, PlcConfig config) throws Exception;

    /**
     * What a started face gives PLC.
     *
     * @param mounts paths it serves on PLC's HTTP server
     * @param stop releases what the face holds (its own listeners, threads); called once when PLC closes
     */
    record Started(List<WebMount> mounts, AutoCloseable stop) {
        public Started {
            mounts = List.copyOf(requireNonNull(mounts, "mounts is null"));
            requireNonNull(stop, "stop is null");
        }
    }
}
