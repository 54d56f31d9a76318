package org.planetlab.testbed;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.wire.JsonCodec;
import org.planetlab.trust.key.KeyFiles;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.tls.TlsContexts;
import org.planetlab.node.host.HostCommand;

/**
 * Traffic of real slivers on a testbed, and the two places that must name its slice: the node's
 * public audit page and PLC's "who sent this?". Commands run in the slivers over ssh as their
 * users do; raw sockets through the isolation tests' raw-probe program (node module), built here.
 */
final class AuditedTraffic {
    static final int TCP = 6;
    static final int UDP = 17;
    static final int ICMP = 1;
    static final String RAW_PROBE = "/tmp/raw-probe";
    private static final Path RAW_PROBE_SOURCE = Path.of("..", "node/src/test/java/org/planetlab/node/privileged/raw-probe.c");

    private final TestbedLayout layout;
    private final PlcClient operator;
    private final SshProbe ssh;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final HttpClient https;

    /** A sliver of the test: its slice on one node, and its address there once known. */
    record Sliver(String slice, TestbedLayout.TestbedNode node, String address) {
        Sliver {
            requireNonNull(slice, "slice is null");
            requireNonNull(node, "node is null");
            requireNonNull(address, "address is null");
        }
    }

    /**
     * One flow the test made and how a record shows it: the slice that must be named, the node,
     * protocol, direction, the port at the far end (or, inbound, the node's public port), and the
     * bytes each packet had (-1: any).
     */
    record Sent(Sliver sliver, int protocol, boolean inbound, int port, long bytesPerPacket) {
        Sent {
            requireNonNull(sliver, "sliver is null");
        }

        boolean shows(Map<?, ?> record, long nodeId) {
            return number(record, "node_id") == nodeId && number(record, "protocol") == protocol
                    && "inbound".equals(record.get("direction")) == inbound
                    && (port < 0 || number(record, inbound ? "public_port" : "remote_port") == port)
                    && (bytesPerPacket < 0 || number(record, "bytes_out") == bytesPerPacket * number(record, "packets_out"));
        }
    }

    AuditedTraffic(TestbedLayout layout, PlcClient operator, SshProbe ssh) {
        this.layout = requireNonNull(layout, "layout is null");
        this.operator = requireNonNull(operator, "operator is null");
        this.ssh = requireNonNull(ssh, "ssh is null");
        this.https = TlsContexts.httpClient(TlsContexts.client(Pem.readCertificates(KeyFiles.read(layout.caFile())).getFirst(),
                new SecureRandom()), Duration.ofSeconds(3));
    }

    /** The sliver of {@code slice} on {@code node}, with raw-probe copied into it. */
    Sliver prepare(String slice, TestbedLayout.TestbedNode node) throws IOException {
        String encoded = Base64.getMimeEncoder().encodeToString(Files.readAllBytes(rawProbe()));
        HostCommand.Result copied = new HostCommand(List.of(), Duration.ofSeconds(30)).runAllowingFailure(SshProbe.command(
                layout.demoDir().resolve("id_ed25519"), List.of(slice + "@" + node.address()),
                "base64 -d > " + RAW_PROBE + " && chmod 755 " + RAW_PROBE), encoded);
        if (copied.exitCode() != 0) {
            throw new IllegalStateException("cannot copy raw-probe into " + slice + " on " + node.hostname() + ": "
                    + copied.stderr());
        }
        String address = run(slice, node, "ip -4 addr | grep -v 127.0.0.1 | sed -n 's/.*inet \\([0-9.]*\\)\\/.*/\\1/p' | head -1")
                .strip();
        return new Sliver(slice, node, address);
    }

    /** Runs {@code command} in the sliver; its output, or a failure naming the sliver. */
    String run(String slice, TestbedLayout.TestbedNode node, String command) {
        HostCommand.Result result = ssh.run(slice, node.address(), command);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(command + " in " + slice + " on " + node.hostname() + " exited "
                    + result.exitCode() + ": " + result.stdout() + result.stderr());
        }
        return result.stdout();
    }

    /**
     * TCP, UDP, ICMP, UDP and an unassigned protocol through raw sockets, all to the Internet, and
     * a connection from the Internet to a port the slice reserved; {@code index} keeps each
     * sliver's ports and sizes apart from the others'.
     */
    List<Sent> sendEverything(Sliver sliver, int index, int reservedPort) {
        String internet = layout.internetAddress();
        List<Sent> sent = new ArrayList<>();
        run(sliver, "nc -w 1 " + internet + " " + (7000 + index) + " </dev/null || true");
        sent.add(new Sent(sliver, TCP, false, 7000 + index, -1));
        run(sliver, "timeout 2 tftp -g -r x -l /dev/null " + internet + " " + (7100 + index) + " || true");
        sent.add(new Sent(sliver, UDP, false, 7100 + index, -1));
        int size = 100 * index;
        run(sliver, "ping -c 2 -s " + size + " " + internet);
        sent.add(new Sent(sliver, ICMP, false, 8 * 256, size + 28));
        run(sliver, RAW_PROBE + " send-ip " + sliver.address() + " " + internet + " " + (7200 + index) + " 2 raw-" + index);
        sent.add(new Sent(sliver, UDP, false, 7200 + index, -1));
        String text = "proto-" + sliver.slice();
        run(sliver, RAW_PROBE + " send-proto " + sliver.address() + " " + internet + " " + (240 + index) + " 0 0 3 " + text);
        sent.add(new Sent(sliver, 240 + index, false, -1, 20 + text.length()));
        run(sliver, "mkdir -p /tmp/www && echo " + sliver.slice() + " > /tmp/www/index.html && httpd -p " + reservedPort
                + " -h /tmp/www");
        sent.add(new Sent(sliver, TCP, true, reservedPort, -1));
        return sent;
    }

    /** Runs {@code command} in the sliver. */
    String run(Sliver sliver, String command) {
        return run(sliver.slice(), sliver.node(), command);
    }

    /** The page a sliver serves on {@code port}, fetched from the Internet at its node's address. */
    String fetchFromInternet(Sliver sliver, int port) {
        return HostCommand.onHost().runAllowingFailure(List.of("nsenter", "--net=/run/netns/" + layout.internetNamespace(),
                "curl", "-s", "-m", "2", "http://" + sliver.node().address() + ":" + port + "/index.html"), null).stdout()
                .strip();
    }

    /** PLC's node id of a testbed node. */
    long nodeId(TestbedLayout.TestbedNode node) {
        Map<?, ?> found = (Map<?, ?>) ((List<?>) operator.call("GetNodes", List.of(node.hostname()), List.of("node_id")))
                .getFirst();
        return number(found, "node_id");
    }

    /** PLC's answer to "who sent this?" for the Internet's address between two instants (seconds), of one node or all. */
    List<Map<?, ?>> whoSentThis(long fromSeconds, long toSeconds, Optional<Long> nodeId) {
        Map<String, Object> question = new LinkedHashMap<>(Map.of("remote_address", layout.internetAddress(),
                "start", fromSeconds, "end", toSeconds, "limit", 10_000));
        nodeId.ifPresent(id -> question.put("node_id", id));
        List<Map<?, ?>> flows = new ArrayList<>();
        ((List<?>) ((Map<?, ?>) operator.call("WhoSentThis", question)).get("flows")).forEach(flow -> flows.add((Map<?, ?>) flow));
        return flows;
    }

    /**
     * The node's public page's flows for the Internet's address between two instants (seconds),
     * as JSON, the way an outside administrator's script asks; empty when the page asks the client
     * to slow down (it limits each client).
     */
    Optional<List<Map<?, ?>>> nodePage(TestbedLayout.TestbedNode node, long fromSeconds, long toSeconds) {
        return nodePage(node, fromSeconds, toSeconds, false);
    }

    /** The same, over HTTPS ({@code secure}) with the certificate PLC issued the node, trusting only PLC's CA. */
    Optional<List<Map<?, ?>>> nodePage(TestbedLayout.TestbedNode node, long fromSeconds, long toSeconds, boolean secure) {
        URI uri = URI.create((secure ? "https://" : "http://") + node.address() + "/?remote=" + layout.internetAddress()
                + "&from=" + fromSeconds + "&to=" + toSeconds);
        try {
            HttpResponse<String> answer = (secure ? https : http).send(HttpRequest.newBuilder(uri).header("Accept", "application/json")
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 429) {
                return Optional.empty();
            }
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(uri + " answered " + answer.statusCode() + ": " + answer.body());
            }
            List<Map<?, ?>> flows = new ArrayList<>();
            Map<?, ?> parsed = (Map<?, ?>) new JsonCodec().read(answer.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            ((List<?>) parsed.get("flows")).forEach(flow -> flows.add((Map<?, ?>) flow));
            return Optional.of(flows);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What is wrong with {@code records} as the record of {@code sent}: flows missing or named for another slice. */
    static List<String> attributionProblems(List<Sent> sent, List<Map<?, ?>> records, Map<String, Long> nodeIds) {
        List<String> problems = new ArrayList<>();
        for (Sent flow : sent) {
            long nodeId = nodeIds.get(flow.sliver().node().hostname());
            List<Map<?, ?>> showing = records.stream().filter(record -> flow.shows(record, nodeId)).toList();
            if (showing.isEmpty()) {
                problems.add("no record of " + describe(flow));
            } else if (!showing.stream().allMatch(record -> flow.sliver().slice().equals(record.get("slice_name")))) {
                problems.add(describe(flow) + " named " + showing.stream().map(record -> record.get("slice_name")).toList());
            }
        }
        return problems;
    }

    static String describe(Sent flow) {
        return (flow.inbound() ? "inbound" : "outbound") + " protocol " + flow.protocol() + " port " + flow.port() + " of "
                + flow.sliver().slice() + " on " + flow.sliver().node().hostname();
    }

    /** A record as both sides must hold it, for comparing the node's records with PLC's. */
    static String key(Map<?, ?> record) {
        return String.join(" ", List.of("slice_name", "direction", "protocol", "start_ms", "end_ms", "sliver_port",
                "remote_port", "packets_out", "bytes_out", "packets_in", "bytes_in", "dropped").stream()
                .map(field -> String.valueOf(record.get(field) instanceof Number value ? (Object) value.longValue()
                        : record.get(field))).toList());
    }

    static long number(Map<?, ?> record, String field) {
        return ((Number) record.get(field)).longValue();
    }

    private static Path rawProbe() {
        Path binary = Path.of("target", "raw-probe").toAbsolutePath();
        if (!Files.isExecutable(binary)) {
            HostCommand.Result built = HostCommand.onHost().runAllowingFailure(List.of("cc", "-O2", "-Wall", "-static", "-o",
                    binary.toString(), RAW_PROBE_SOURCE.toAbsolutePath().normalize().toString()), null);
            if (built.exitCode() != 0) {
                throw new IllegalStateException("cannot compile raw-probe.c (apt-get install gcc libc6-dev): " + built.stderr());
            }
        }
        return binary;
    }
}
