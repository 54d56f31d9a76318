package org.planetlab.plc;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.planetlab.plc.http.WebMount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front ends found on the class path ({@link PlcFace}, through ServiceLoader): started over
 * PLC's services, their handlers mounted on the API's server, stopped in the reverse order.
 */
final class Faces implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Faces.class);

    private final List<AutoCloseable> stops = new ArrayList<>();

    /** Starts every face; returns what they serve. */
    List<WebMount> start(Plc plc, PlcConfig config) throws Exception {
        List<WebMount> mounts = new ArrayList<>();
        for (PlcFace face : ServiceLoader.load(PlcFace.class)) {
            PlcFace.Started started = face.start(plc, config);
            stops.add(started.stop());
            mounts.addAll(started.mounts());
            LOG.info("face {} started, serving {}", face.name(), started.mounts().stream().map(WebMount::prefix).toList());
        }
        return mounts;
    }

    @Override
    public void close() {
        for (AutoCloseable stop : stops.reversed()) {
            try {
                stop.close();
            } catch (Exception e) {
                LOG.warn("stopping a face failed", e);
            }
        }
        stops.clear();
    }
}
