package org.planetlab.node.privileged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.PlcClient;
import org.planetlab.node.NodeAgentMain;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.manager.Caller;
import org.planetlab.node.monitor.UsageReporter;
import org.planetlab.node.sliver.SliverUsage;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/**
 * Privileged: a real sliver burns CPU and sends 2 MB over TCP through the shipped sliver network
 * (a node namespace whose uplink reaches an "internet" namespace, 10.253.0.0/24); the agent's
 * usage reports, at a 2 s interval, bring it to PLC within two intervals, agreeing with the node's
 * own counters within 2 %, and the day's top consumers by CPU and by bytes name it first.
 */
@Privileged
class SliverUsageReportTest {
    private static final HostCommand HOST = HostCommand.onHost();
    private static final long INTERVAL_SECONDS = 2;

    @Test
    void aSliverBurningCpuAndSendingTrafficIsReportedAtPlcWithinTwoIntervals() throws Exception {
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        String tag = "plus" + HexFormat.of().formatHex(random);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("usage-reports-test").daemon().factory());
        try (TestingPlc testing = TestingPlc.start(StoreKind.SQLITE, Clock.systemUTC(),
                Map.of("usage.report-interval-seconds", Long.toString(INTERVAL_SECONDS)))) {
            PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
            Registry registry = new Registry(operator);
            long siteId = registry.site("ulab");
            long nodeId = registry.node(siteId, "n1.ulab.org", "10.253.0.1");
            for (String slice : List.of("ulab_burn", "ulab_idle")) {
                operator.call("AddSlice", Map.of("name", slice, "url", "https://ulab.org/", "description", "load"));
                operator.call("AddSliceToNodes", slice, List.of(nodeId));
            }
            HOST.run(List.of("ip", "netns", "add", tag + "-node"));
            HOST.run(List.of("ip", "netns", "add", tag + "-inet"));
            HOST.run(List.of("ip", "link", "add", "up0", "netns", tag + "-node", "type", "veth", "peer", "name", "eth0",
                    "netns", tag + "-inet"));
            HOST.runWithInput(List.of("ip", "-n", tag + "-node", "-batch", "-"),
                    "link set lo up\naddr add 10.253.0.1/24 dev up0\nlink set up0 up\n");
            HOST.runWithInput(List.of("ip", "-n", tag + "-inet", "-batch", "-"),
                    "link set lo up\naddr add 10.253.0.2/24 dev eth0\nlink set eth0 up\n");
            try (TestingNodeAgent node = TestingNodeAgent.start(Map.of(
                    "namespace-prefix", tag + "-s",
                    "uplink-device", "up0",
                    "node-namespace", "/run/netns/" + tag + "-node",
                    "node-address", "10.253.0.1",
                    "spare-slots", "1"), NodeAgentMain::linuxNetwork, NodeAgentMain::nodeCommand)) {
                node.createSliver("ulab_burn");
                node.createSliver("ulab_idle");
                UsageReporter reporter = new UsageReporter(testing.client(testing.nodeSession(nodeId),
                        PlcClient.Encoding.XML_RPC), () -> List.of("ulab_burn", "ulab_idle").stream()
                        .map(name -> new UsageReporter.Measured(name, usage(node, name))).toList(), Clock.systemUTC());
                reporter.start(scheduler);

                assertThat(node.sh("ulab_burn", "timeout 3 sh -c 'while :; do :; done'; true").exitCode()).isZero();
                // 2 MB over TCP to a one-shot listener in the internet namespace (busybox nc has no UDP).
                TestingNodeAgent.Result sent = send(node, tag);
                long loadEnded = System.nanoTime();
                SliverUsage own = usage(node, "ulab_burn");
                assertThat(own.cpuNanoseconds()).as("the burner's CPU time").isGreaterThan(1_000_000_000L);
                assertThat(own.bytesSent()).as("the sliver's bytes sent; in the sliver: %s; the node's veths: %s", sent,
                        NodeAgentMain.nodeCommand(node.config).run(List.of("ip", "-s", "link", "show", "type", "veth")))
                        .isGreaterThan(1_000_000L);

                // Within two intervals of the load's end, PLC holds what the node counted.
                await().atMost(Duration.ofSeconds(2 * INTERVAL_SECONDS)).pollInterval(Duration.ofMillis(50))
                        .until(() -> sliceTotal(operator), total -> (Double) total.get("cpu_seconds")
                                >= own.cpuNanoseconds() / 1e9 * 0.98 && (Long) total.get("bytes_sent") >= own.bytesSent() * 0.98);
                System.out.println("reported at PLC " + Duration.ofNanos(System.nanoTime() - loadEnded).toMillis()
                        + " ms after the load ended");
                Map<String, Object> total = sliceTotal(operator);
                SliverUsage later = usage(node, "ulab_burn");
                assertThat((Double) total.get("cpu_seconds")).isCloseTo(later.cpuNanoseconds() / 1e9,
                        within(later.cpuNanoseconds() / 1e9 * 0.02));
                assertThat(((Long) total.get("bytes_sent")).doubleValue()).isCloseTo(later.bytesSent(),
                        within(later.bytesSent() * 0.02));
                System.out.println("ulab_burn at PLC: " + total + "; the node's counters: " + later);

                for (String metric : List.of("cpu", "bytes", "bandwidth")) {
                    assertThat(Registry.rows(Registry.struct(operator.call("GetTopConsumers", metric)).get("slices")))
                            .as(metric).first().extracting(row -> row.get("name")).isEqualTo("ulab_burn");
                }
                reporter.close();
            }
        } finally {
            scheduler.shutdownNow();
            for (String namespace : List.of(tag + "-node", tag + "-inet")) {
                HOST.runAllowingFailure(List.of("ip", "netns", "del", namespace), null);
            }
        }
    }

    /** Sends 2 MB from ulab_burn to a listener in the internet namespace; retries while the listener starts. */
    private static TestingNodeAgent.Result send(TestingNodeAgent node, String tag) throws Exception {
        Process listener = new ProcessBuilder("nsenter", "--net=/run/netns/" + tag + "-inet", "timeout", "10", "busybox",
                "nc", "-l", "-p", "8080").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            TestingNodeAgent.Result sent = null;
            for (int attempt = 0; attempt < 50; attempt++) {
                sent = node.sh("ulab_burn", "dd if=/dev/zero bs=1000 count=2000 2>/dev/null | nc -w 2 10.253.0.2 8080");
                if (sent.exitCode() == 0) {
                    break;
                }
            }
            return sent;
        } finally {
            listener.destroyForcibly();
            listener.waitFor();
        }
    }

    private static Map<String, Object> sliceTotal(PlcClient operator) {
        return Registry.struct(Registry.struct(operator.call("GetSliceUsage", "ulab_burn")).get("total"));
    }

    private static SliverUsage usage(TestingNodeAgent node, String sliver) {
        return node.agent.manager().usage(Caller.HOST_ROOT, sliver);
    }
}
