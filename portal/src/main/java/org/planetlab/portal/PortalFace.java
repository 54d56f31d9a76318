package org.planetlab.portal;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.planetlab.plc.Plc;
import org.planetlab.plc.PlcConfig;
import org.planetlab.plc.PlcFace;
import org.planetlab.plc.http.WebMount;
import org.planetlab.portal.web.PortalHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web portal, served by PLC at {@code /} on its API port (PLC's own paths, {@code /PLCAPI/},
 * {@code /api/v1/} and {@code /healthz}, stay PLC's). It is served only over TLS: its cookies are
 * {@code Secure}, and a password must never cross the network in the clear.
 */
public final class PortalFace implements PlcFace {
    private static final Logger LOG = LoggerFactory.getLogger(PortalFace.class);

    @Override
    public String name() {
        return "portal";
    }

    @Override
    public Started start(Plc plc, PlcConfig config) {
        PortalSettings settings = PortalSettings.from(config.section("portal"));
        if (!config.tls()) {
            LOG.warn("the web portal is not served: PLC runs without TLS (set tls=true in plc.properties)");
            return new Started(List.of(), () -> { });
        }
        // The port is known only once PLC listens, which is after the faces start.
        Supplier<URI> publicUrl = () -> settings.publicUrl().orElseGet(() ->
                URI.create("https://" + config.tlsNames().getFirst() + ":" + plc.port()));
        PortalHandler handler = PortalHandler.create(plc, settings, publicUrl, Clock.systemUTC(), new SecureRandom());
        return new Started(List.of(new WebMount("/", handler)), () -> { });
    }
}
