package org.planetlab.plc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.planetlab.plc.http.WebMount;
import org.planetlab.plc.site.SiteFilter;

/** A face found on the test class path: it answers under {@code /probe/} and counts its stops. */
public final class ProbeFace implements PlcFace {
    static final AtomicInteger STOPS = new AtomicInteger();

    @Override
    public String name() {
        return "probe";
    }

    @Override
    public Started start(Plc plc, PlcConfig config) {
        // The face sees PLC's services before the server listens.
        int sites = plc.sites().sites(SiteFilter.all(100)).size();
        Handler handler = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(200);
                String body = "probe " + request.getHttpURI().getPath() + " sites=" + sites;
                response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        };
        return new Started(List.of(new WebMount("/probe/", handler)), STOPS::incrementAndGet);
    }
}
