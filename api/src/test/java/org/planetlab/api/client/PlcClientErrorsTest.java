package org.planetlab.api.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.wire.JsonCodec;
import org.planetlab.api.wire.JsonErrors;
import org.planetlab.api.wire.XmlRpcFaults;
import org.planetlab.api.wire.XmlRpcWriter;

/**
 * The client turns a server's error answer back into the code the server raised, for every code
 * and both encodings, through HTTP as a server sends it (a loopback stand-in that answers as
 * PLC's endpoints do).
 */
class PlcClientErrorsTest {
    private final AtomicReference<ErrorCode> raised = new AtomicReference<>();
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/PLCAPI/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = new XmlRpcWriter().writeFault(XmlRpcFaults.fault(raised.get(), "GetSites: refused"));
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/api/v1/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = new JsonCodec().write(JsonErrors.body(raised.get(), "refused"));
            exchange.sendResponseHeaders(JsonErrors.status(raised.get()), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void everyCodeComesBackOverXmlRpc() {
        everyCodeComesBack(PlcClient.Encoding.XML_RPC);
    }

    @Test
    void everyCodeComesBackOverJson() {
        everyCodeComesBack(PlcClient.Encoding.JSON);
    }

    private void everyCodeComesBack(PlcClient.Encoding encoding) {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        PlcClient client = PlcClient.create(uri, new Credentials.Anonymous(), encoding);
        for (ErrorCode code : ErrorCode.values()) {
            raised.set(code);
            assertThatThrownBy(() -> client.call("GetSites")).as(encoding + " " + code)
                    .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).as(encoding + " " + code).isEqualTo(code))
                    .hasMessageContaining("refused");
        }
    }
}
