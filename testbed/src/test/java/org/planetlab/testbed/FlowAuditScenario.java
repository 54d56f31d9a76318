package org.planetlab.testbed;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.node.host.HostCommand;

/**
 * The flow audit's promises on a running testbed, with real processes: two slices on one node and
 * a third on another send TCP, UDP, ICMP and raw-socket traffic to the Internet and take a
 * connection from it, and one sends ten packets to random ports twice (the incidents report's
 * low-volume scanner, its twenty minutes compressed); PLC's "who sent this?" and each node's
 * public page must name the right slice for every flow ("N/N flows attributed"). Then the second
 * node's agent is SIGKILLed while a sliver's ping runs through it, PLC is SIGKILLed while the
 * nodes upload, and the first node is cut off from PLC, its agent SIGKILLed with a batch
 * unacknowledged: once all is back, PLC holds each node's records exactly once, the same count
 * and bytes as the node itself, and the ping's packets each once.
 */
final class FlowAuditScenario {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final List<String> SLICES = List.of("demo_flowa", "demo_flowb", "demo_flowc");
    private static final int FIRST_PORT = 8091;
    private static final int PING_PACKETS = 10;
    /** Apart from the sizes of the first pings (100, 200, 300), so its records are told from theirs. */
    private static final int PING_SIZE = 400;

    private final TestbedLayout layout;
    private final PlcClient operator;
    private final PlcClient pi;
    private final TestbedFaults faults;
    private final AuditedTraffic traffic;
    private final Random random = new SecureRandom();

    FlowAuditScenario(TestbedLayout layout, Testbed.Started started, TestbedFaults faults) {
        this.layout = requireNonNull(layout, "layout is null");
        this.operator = started.operator();
        this.pi = operator.as(new Credentials.Password(TestbedSeed.PI, started.passwords().get(TestbedSeed.PI)));
        this.faults = requireNonNull(faults, "faults is null");
        this.traffic = new AuditedTraffic(layout, operator, new SshProbe(layout.demoDir().resolve("id_ed25519")));
    }

    void run() throws IOException {
        TestbedLayout.TestbedNode first = layout.node(1);
        TestbedLayout.TestbedNode second = layout.node(2);
        List<TestbedLayout.TestbedNode> nodes = List.of(first, first, second);
        long began = System.nanoTime();
        List<AuditedTraffic.Sliver> slivers = createSlivers(nodes);
        System.out.printf("flow audit: slivers ready in %.1f s%n", (System.nanoTime() - began) / 1e9);
        Map<String, Long> nodeIds = Map.of(first.hostname(), traffic.nodeId(first), second.hostname(), traffic.nodeId(second));

        long from = System.currentTimeMillis() / 1000 - 1;
        AuditedTraffic.Sliver quiet = slivers.get(2);
        // What crossed the nodes through the traffic and the faults, kept when a flow goes unrecorded.
        try (PacketTrace trace = PacketTrace.start(layout, List.of(first, second))) {
            List<AuditedTraffic.Sent> sent = new ArrayList<>(lowVolume(quiet));
            for (int index = 0; index < slivers.size(); index++) {
                sent.addAll(traffic.sendEverything(slivers.get(index), index + 1, FIRST_PORT + index));
            }
            for (int index = 0; index < slivers.size(); index++) {
                AuditedTraffic.Sliver sliver = slivers.get(index);
                int port = FIRST_PORT + index;
                await("the Internet to connect to " + sliver.slice() + " on port " + port,
                        () -> traffic.fetchFromInternet(sliver, port).equals(sliver.slice()));
            }
            // The scanner's second burst, its "twenty minutes" after the first.
            sent.addAll(lowVolume(quiet));

            List<String> problems = awaitNoProblems("PLC to name the slice of every flow", () -> AuditedTraffic
                    .attributionProblems(sent, traffic.whoSentThis(from, now() + 5, Optional.empty()), nodeIds));
            System.out.println((sent.size() - problems.size()) + "/" + sent.size() + " flows attributed at PLC");
            keepEvidence(problems, List.of(first, second), trace);
            assertThat(problems).isEmpty();
            assertThat(traffic.whoSentThis(from, now() + 5, Optional.empty())).as("no flow to the Internet names another slice")
                    .allSatisfy(record -> assertThat(record.get("slice_name")).isIn(SLICES.toArray()));
            for (TestbedLayout.TestbedNode node : List.of(first, second)) {
                List<AuditedTraffic.Sent> sentThere = sent.stream().filter(flow -> flow.sliver().node().equals(node)).toList();
                List<String> onPage = awaitNoProblems("the page of " + node.hostname() + " to name the slice of every flow",
                        () -> traffic.nodePage(node, from, now()).map(records -> AuditedTraffic.attributionProblems(sentThere,
                                records, nodeIds)).orElse(List.of("the page asked to slow down")));
                System.out.println((sentThere.size() - onPage.size()) + "/" + sentThere.size() + " flows attributed on the page of "
                        + node.hostname());
                keepEvidence(onPage, List.of(node), trace);
                assertThat(onPage).isEmpty();
            }

            List<String> overHttps = awaitNoProblems("the page of " + first.hostname() + " to answer the same over HTTPS", () -> {
                long to = now();
                Optional<List<String>> plain = traffic.nodePage(first, from, to, false).map(FlowAuditScenario::keys);
                Optional<List<String>> secure = traffic.nodePage(first, from, to, true).map(FlowAuditScenario::keys);
                if (plain.isEmpty() || secure.isEmpty()) {
                    return List.of("the page did not answer over " + (plain.isEmpty() ? "HTTP" : "HTTPS"));
                }
                return plain.equals(secure) ? List.of() : List.of("HTTP " + plain.get() + " but HTTPS " + secure.get());
            });
            assertThat(overHttps).isEmpty();
            System.out.printf("flow audit: traffic attributed after %.1f s%n", (System.nanoTime() - began) / 1e9);
            long faultsFrom = now() - 1;
            crashesAndACutOff(slivers, first, second, trace);
            System.out.printf("flow audit: faults done after %.1f s%n", (System.nanoTime() - began) / 1e9);
            for (TestbedLayout.TestbedNode node : List.of(first, second)) {
                List<String> difference = awaitNoProblems("PLC to hold the records of " + node.hostname() + " exactly once",
                        () -> onceEach(node, nodeIds.get(node.hostname()), faultsFrom));
                keepEvidence(difference, List.of(node), trace);
                assertThat(difference).isEmpty();
            }
            System.out.printf("flow audit: every record once at PLC after %.1f s%n", (System.nanoTime() - began) / 1e9);
            List<Map<?, ?>> pings = traffic.whoSentThis(faultsFrom, now(), Optional.of(nodeIds.get(second.hostname()))).stream()
                    .filter(record -> AuditedTraffic.number(record, "protocol") == AuditedTraffic.ICMP
                            && AuditedTraffic.number(record, "bytes_out")
                                    == (PING_SIZE + 28L) * AuditedTraffic.number(record, "packets_out"))
                    .toList();
            assertThat(pings.stream().mapToLong(record -> AuditedTraffic.number(record, "packets_out")).sum())
                    .as("the ping through the agent's crash, each packet once: %s", pings).isEqualTo(PING_PACKETS);
            assertThat(pings.stream().map(record -> String.valueOf(record.get("slice_name"))).distinct().toList())
                    .containsExactly(quiet.slice());
        }
    }

    /** The three slices on their nodes, each with a port the Internet may connect to, ready for traffic. */
    private List<AuditedTraffic.Sliver> createSlivers(List<TestbedLayout.TestbedNode> nodes) throws IOException {
        for (int index = 0; index < SLICES.size(); index++) {
            String name = SLICES.get(index);
            Map<String, Object> slice = new LinkedHashMap<>();
            slice.put("name", name);
            slice.put("description", "flow audit test " + (index + 1));
            slice.put("url", "https://" + TestbedLayout.DOMAIN + "/" + name);
            pi.call("AddSlice", slice);
            pi.call("AddPersonToSlice", TestbedSeed.USER, name);
            pi.call("SetSliceAttr", name, Map.of("name", "tcp_ports", "value", Integer.toString(FIRST_PORT + index)));
            pi.call("AddSliceToNodes", name, List.of(nodes.get(index).hostname()));
        }
        SshProbe ssh = new SshProbe(layout.demoDir().resolve("id_ed25519"));
        List<AuditedTraffic.Sliver> slivers = new ArrayList<>();
        for (int index = 0; index < SLICES.size(); index++) {
            String name = SLICES.get(index);
            TestbedLayout.TestbedNode node = nodes.get(index);
            await("login to " + name + " on " + node.hostname(), () -> ssh.canLogIn(name, node.address()));
            slivers.add(traffic.prepare(name, node));
        }
        return slivers;
    }

    /** Ten UDP packets from a raw socket, each to a random port: ten one-packet flows. */
    private List<AuditedTraffic.Sent> lowVolume(AuditedTraffic.Sliver sliver) {
        List<AuditedTraffic.Sent> sent = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        for (int packet = 0; packet < 10; packet++) {
            int port = 20_000 + random.nextInt(40_000);
            commands.add(AuditedTraffic.RAW_PROBE + " send-ip " + sliver.address() + " " + layout.internetAddress() + " " + port
                    + " 1 low");
            sent.add(new AuditedTraffic.Sent(sliver, AuditedTraffic.UDP, false, port, -1));
        }
        // Each send must succeed: a packet the sliver could not send is no flow the node missed.
        traffic.run(sliver, String.join(" && ", commands));
        return sent;
    }

    private void crashesAndACutOff(List<AuditedTraffic.Sliver> slivers, TestbedLayout.TestbedNode first,
            TestbedLayout.TestbedNode second, PacketTrace trace) {
        // The second node's agent dies while a sliver's ping runs through the node, and comes back.
        traffic.run(slivers.get(2), "setsid ping -c " + PING_PACKETS + " -s " + PING_SIZE + " " + layout.internetAddress()
                + " >/dev/null 2>&1 </dev/null &");
        faults.awaitAgentAgain(second, faults.killAgent(second));
        // PLC dies while the nodes upload what the first node's slivers just sent.
        traffic.run(slivers.get(0), AuditedTraffic.RAW_PROBE + " send-ip " + slivers.get(0).address() + " "
                + layout.internetAddress() + " 7600 3 ingest");
        traffic.run(slivers.get(1), AuditedTraffic.RAW_PROBE + " send-ip " + slivers.get(1).address() + " "
                + layout.internetAddress() + " 7601 3 ingest");
        faults.killAndRestartPlc();
        await("PLC to answer again", () -> {
            try {
                operator.call("GetNodes", List.of(first.hostname()), List.of("node_id"));
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        });
        // The first node cut off from PLC: its agent keeps a batch it cannot deliver, and dies with it.
        faults.cutOff(first);
        long killed;
        try {
            long cut = now() - 1;
            traffic.run(slivers.get(0), AuditedTraffic.RAW_PROBE + " send-ip " + slivers.get(0).address() + " "
                    + layout.internetAddress() + " 7700 4 cut-off");
            traffic.run(slivers.get(1), AuditedTraffic.RAW_PROBE + " send-ip " + slivers.get(1).address() + " "
                    + layout.internetAddress() + " 7701 4 cut-off");
            Path pending = first.directory().resolve("audit").resolve("upload-pending");
            List<String> waiting = awaitNoProblems("the first node to record its slivers' traffic and hold a batch PLC has"
                    + " not taken", () -> {
                        List<String> missing = new ArrayList<>();
                        if (!Files.exists(pending)) {
                            missing.add("no batch pending");
                        }
                        List<Object> ports = traffic.nodePage(first, cut, now()).orElse(List.of()).stream()
                                .map(record -> (Object) AuditedTraffic.number(record, "remote_port")).toList();
                        List.of(7700L, 7701L).stream().filter(port -> !ports.contains(port)).forEach(port -> missing.add(
                                "no record of port " + port + " on the node"));
                        return missing;
                    });
            keepEvidence(waiting, List.of(first), trace);
            assertThat(waiting).isEmpty();
            killed = faults.killAgent(first);
        } finally {
            faults.reconnect(first);
        }
        faults.awaitAgentAgain(first, killed);
    }

    /**
     * What differs between the node's own records (its page) since {@code fromSeconds} and PLC's
     * of the node; empty when PLC holds each once. Prints the count and bytes once they agree.
     */
    private List<String> onceEach(TestbedLayout.TestbedNode node, long nodeId, long fromSeconds) {
        long to = now();
        Optional<List<Map<?, ?>>> page = traffic.nodePage(node, fromSeconds, to);
        if (page.isEmpty()) {
            return List.of("the page of " + node.hostname() + " did not answer");
        }
        Map<String, Integer> onNode = counts(page.get());
        Map<String, Integer> atPlc = counts(traffic.whoSentThis(fromSeconds, to, Optional.of(nodeId)));
        List<String> difference = new ArrayList<>();
        new TreeMap<>(onNode).forEach((key, count) -> {
            if (!count.equals(atPlc.getOrDefault(key, 0))) {
                difference.add(key + ": " + count + " on the node, " + atPlc.getOrDefault(key, 0) + " at PLC");
            }
        });
        atPlc.keySet().stream().filter(key -> !onNode.containsKey(key)).forEach(key -> difference.add(key + ": only at PLC"));
        if (difference.isEmpty()) {
            long bytes = page.get().stream().mapToLong(record -> AuditedTraffic.number(record, "bytes_out")
                    + AuditedTraffic.number(record, "bytes_in")).sum();
            System.out.println(node.hostname() + ": " + page.get().size() + " records, " + bytes
                    + " bytes on the node and the same at PLC, each once");
        }
        return difference;
    }

    /**
     * When flows went unattributed: what each node's connection tracking still holds for the
     * Internet (marks and counters) is printed, and the agents' logs are copied into target/,
     * since the testbed deletes them when it goes down.
     */
    private void keepEvidence(List<String> problems, List<TestbedLayout.TestbedNode> nodes, PacketTrace trace) {
        if (problems.isEmpty()) {
            return;
        }
        for (TestbedLayout.TestbedNode node : nodes) {
            String listing = HostCommand.onHost().runAllowingFailure(List.of("nsenter", "--net=" + node.namespacePath(),
                    "conntrack", "-L", "-o", "extended,id", "-d", layout.internetAddress()), null).stdout();
            System.out.println("connections to the Internet in " + node.hostname() + ":\n" + listing);
            System.out.println("filter counters of " + node.hostname() + ":\n" + HostCommand.onHost().runAllowingFailure(
                    List.of("nsenter", "--net=" + node.namespacePath(), "nft", "list", "counters"), null).stdout());
            System.out.println("packets to and from the Internet in " + node.hostname() + ":\n" + trace.describe(node));
            System.out.println("records on the page of " + node.hostname() + ":\n" + traffic.nodePage(node, now() - 3600, now())
                    .map(records -> String.join("\n", keys(records))).orElse("(no answer)"));
            Path log = node.directory().resolve("agent.log");
            Path kept = Path.of("target", "flow-audit-" + node.hostname() + "-agent.log").toAbsolutePath();
            try {
                if (Files.exists(log)) {
                    Files.copy(log, kept, StandardCopyOption.REPLACE_EXISTING);
                    System.out.println("agent log of " + node.hostname() + " kept in " + kept);
                }
            } catch (IOException e) {
                System.out.println("cannot keep " + log + ": " + e.getMessage());
            }
        }
    }

    private static List<String> keys(List<Map<?, ?>> records) {
        return records.stream().map(AuditedTraffic::key).sorted().toList();
    }

    private static Map<String, Integer> counts(List<Map<?, ?>> records) {
        Map<String, Integer> counts = new HashMap<>();
        records.forEach(record -> counts.merge(AuditedTraffic.key(record), 1, Integer::sum));
        return counts;
    }

    /** Polls {@code problems} until it is empty or the wait is over; its last answer. */
    private static List<String> awaitNoProblems(String what, Supplier<List<String>> problems) {
        List<List<String>> last = new ArrayList<>(List.of(List.of("not asked yet")));
        try {
            Awaitility.await(what).atMost(WAIT).pollInterval(Duration.ofMillis(2_500)).until(() -> {
                last.set(0, problems.get());
                return last.getFirst().isEmpty();
            });
        } catch (ConditionTimeoutException e) {
            System.out.println(what + ": still " + last.getFirst());
        }
        return last.getFirst();
    }

    private static void await(String what, java.util.concurrent.Callable<Boolean> condition) {
        Awaitility.await(what).atMost(WAIT).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(condition);
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }
}
