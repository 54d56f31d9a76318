package org.planetlab.node.privileged;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.node.NodeAgentMain;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.net.kernel.NamespaceThread;
import org.planetlab.node.net.shaping.Eventually;

/**
 * Privileged: port 80 of a real node's address shared by name between real slivers, as the agent
 * sets it up from its {@code http-by-name-*} keys. Two slices
 * serve HTTP with BusyBox's httpd on ports they hold and name them with {@code codemux}; an
 * "internet" namespace asks port 80 of the node for each by name and gets each one's page and
 * never the other's, the node's own hostname still reaches the node's page, an unknown name gets
 * a 404, and a slice naming a port another slice holds gets nothing of that slice (503).
 */
@Privileged
class HttpByNameServiceTest {
    private static final HostCommand HOST = HostCommand.onHost();
    private static final String NODE = "node1.byname.test";
    private static final String WEB = "hn_web";
    private static final String OTHER = "hn_other";
    private static final String SQUATTER = "hn_squatter";
    private static final Duration SOON = Duration.ofSeconds(15);
    private static String tag;
    private static TestingNodeAgent node;
    private static HttpServer nodePage;

    @BeforeAll
    static void startNode() {
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        tag = "plhn" + HexFormat.of().formatHex(random);
        try {
            HOST.run(List.of("ip", "netns", "add", tag + "-node"));
            HOST.run(List.of("ip", "netns", "add", tag + "-inet"));
            HOST.run(List.of("ip", "link", "add", "up0", "netns", tag + "-node", "type", "veth", "peer", "name", "eth0", "netns", tag + "-inet"));
            HOST.runWithInput(List.of("ip", "-n", tag + "-node", "-batch", "-"), "link set lo up\naddr add 10.254.0.1/24 dev up0\nlink set up0 up\n");
            HOST.runWithInput(List.of("ip", "-n", tag + "-inet", "-batch", "-"), "link set lo up\naddr add 10.254.0.2/24 dev eth0\nlink set eth0 up\n");
            // The node's own page listens in the node's namespace, behind the agent's port 80.
            AtomicReference<HttpServer> page = new AtomicReference<>();
            NamespaceThread.runInEach(List.of(Path.of("/run/netns/" + tag + "-node")), "node page",
                    ignored -> page.set(pageServer()));
            nodePage = page.get();
            node = TestingNodeAgent.start(Map.of(
                    "namespace-prefix", tag + "-s",
                    "uplink-device", "up0",
                    "node-namespace", "/run/netns/" + tag + "-node",
                    "node-address", "10.254.0.1",
                    "spare-slots", "2",
                    "http-by-name-port", "80",
                    "http-by-name-hostname", NODE,
                    "http-by-name-page", "127.0.0.1:" + nodePage.getAddress().getPort()),
                    config -> NodeAgentMain.portedNetwork(config, NodeAgentMain.linuxNetwork(config)),
                    NodeAgentMain::nodeCommand);
        } catch (RuntimeException e) {
            removeNode();
            throw e;
        }
    }

    @AfterAll
    static void removeNode() {
        try {
            if (nodePage != null) {
                nodePage.stop(0);
            }
            if (node != null) {
                node.close();
            }
        } finally {
            for (String namespace : List.of(tag + "-node", tag + "-inet")) {
                HOST.runAllowingFailure(List.of("ip", "netns", "del", namespace), null);
            }
        }
    }

    @Test
    void eachSliceIsReachedByItsNameAndTheNodeKeepsItsPage() {
        node.createSliver(WEB, Map.of(RspecAttribute.TCP_PORTS, "8080", RspecAttribute.CODEMUX, "www.web.example,8080"));
        node.createSliver(OTHER, Map.of(RspecAttribute.TCP_PORTS, "8081", RspecAttribute.CODEMUX, "8081"));
        node.createSliver(SQUATTER, Map.of(RspecAttribute.CODEMUX, "8080"));
        serve(WEB, 8080, "hello-from-web");
        serve(OTHER, 8081, "hello-from-other");

        Eventually.within(SOON, () -> assertThat(fetch(WEB + "." + NODE)).isEqualTo("200 hello-from-web"));
        assertThat(fetch("hn-web." + NODE)).isEqualTo("200 hello-from-web");
        assertThat(fetch("www.web.example")).isEqualTo("200 hello-from-web");
        assertThat(fetch(OTHER + "." + NODE)).isEqualTo("200 hello-from-other");
        assertThat(fetch(NODE)).isEqualTo("200 the node's page");
        assertThat(fetch("10.254.0.1")).isEqualTo("200 the node's page");
        assertThat(fetch("hn_nobody." + NODE)).startsWith("404 No HTTP service named hn_nobody." + NODE);
        assertThat(fetch(SQUATTER + "." + NODE)).startsWith("503 Slice " + SQUATTER + " does not hold port 8080");
    }

    private static void serve(String sliver, int port, String text) {
        TestingNodeAgent.Result served = node.sh(sliver, "mkdir -p /tmp/www && echo " + text + " > /tmp/www/index.html"
                + " && httpd -p " + port + " -h /tmp/www");
        assertThat(served.exitCode()).as(served.output()).isZero();
    }

    /** The status and body of {@code GET /index.html} to port 80 of the node for {@code host}, from the "internet". */
    private static String fetch(String host) {
        HostCommand.Result page = HOST.runAllowingFailure(List.of("nsenter", "--net=/run/netns/" + tag + "-inet",
                "curl", "-s", "-m", "5", "-H", "Host: " + host, "-w", "\n%{http_code}", "-o", "/dev/stdout",
                "http://10.254.0.1/index.html"), null);
        String output = page.stdout().strip();
        // curl writes the body, then the status on a line of its own; put the status first.
        int split = output.lastIndexOf('\n');
        String status = split < 0 ? output : output.substring(split + 1);
        String body = split < 0 ? "" : output.substring(0, split).strip();
        return (status + " " + body).strip();
    }

    private static HttpServer pageServer() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            server.createContext("/", exchange -> {
                byte[] body = "the node's page".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
