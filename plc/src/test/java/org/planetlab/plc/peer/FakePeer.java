package org.planetlab.plc.peer;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.planetlab.trust.tls.TlsContexts;
import org.planetlab.trust.tls.TlsIdentity;

/**
 * A hostile peer: an HTTPS server on loopback, with a certificate the test's peer registration
 * pins, answering every request with whatever bytes the test sets.
 */
final class FakePeer implements AutoCloseable {
    private final HttpsServer server;
    private final AtomicReference<byte[]> answer = new AtomicReference<>(new byte[0]);

    FakePeer(TlsIdentity identity) {
        try {
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setHttpsConfigurator(new HttpsConfigurator(TlsContexts.server(identity, new SecureRandom())));
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = answer.get();
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    void answer(byte[] body) {
        answer.set(body);
    }

    String url() {
        return "https://localhost:" + server.getAddress().getPort() + "/PLCAPI/";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
