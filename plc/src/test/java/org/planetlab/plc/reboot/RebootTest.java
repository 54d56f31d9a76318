package org.planetlab.plc.reboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.planetlab.plc.testing.Registry.rows;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;
import org.planetlab.trust.node.NodeKey;
import org.planetlab.trust.node.PingOfDeath;

/**
 * RebootNode and RebootNodeWithPCU through the API: a ping of death a node can verify arrives on
 * its UDP port; a real IPMI controller ({@code ipmi_sim}) powers the node off and on; only the
 * node's site and operators may reboot it; every reboot is recorded.
 */
class RebootTest {
    private static final String PCU_PASSWORD = "pcu-pass-7Qx";
    private static DatagramSocket nodePort;
    private static IpmiSimulator simulator;
    private static Path simulatorDirectory;
    private static TestingPlc testing;
    private static PlcClient operator;
    private static PlcClient tech;
    private static long nodeId;
    private static long otherNodeId;
    private static Credentials.Password otherPi;
    private static Credentials.Password user;

    @BeforeAll
    static void start() throws IOException {
        nodePort = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        nodePort.setSoTimeout(10_000);
        simulatorDirectory = Files.createTempDirectory("ipmi-sim");
        simulator = IpmiSimulator.installed() ? IpmiSimulator.start(simulatorDirectory, PCU_PASSWORD) : null;
        testing = TestingPlc.start(StoreKind.SQLITE, Clock.systemUTC(), Map.of("reboot.pod-port",
                Integer.toString(nodePort.getLocalPort()), "reboot.ipmi-port",
                Integer.toString(simulator == null ? 623 : simulator.port()), "reboot.pcu-timeout-seconds", "20"));
        operator = testing.operator(PlcClient.Encoding.XML_RPC);
        Registry registry = new Registry(operator);
        long siteId = registry.site("powered");
        long otherSiteId = registry.site("elsewhere");
        nodeId = registry.node(siteId, "node1.powered.org", "127.0.0.1");
        otherNodeId = registry.node(siteId, "node2.powered.org", "127.0.0.2");
        tech = testing.client(registry.person("tech@powered.org", "tech", siteId), PlcClient.Encoding.JSON);
        user = registry.person("user@powered.org", "user", siteId);
        otherPi = registry.person("pi@elsewhere.org", "pi", otherSiteId);
        long pcuId = (Long) tech.call("AddPCU", siteId, Map.of("ip", "127.0.0.1", "protocol", "ipmi", "username",
                IpmiSimulator.USER, "password", PCU_PASSWORD, "model", "ipmi_sim"));
        tech.call("AddNodeToPCU", nodeId, pcuId, 1L);
        long badPcuId = (Long) operator.call("AddPCU", siteId, Map.of("ip", "127.0.0.1", "protocol", "ipmi", "username",
                IpmiSimulator.USER, "password", "not-the-password"));
        operator.call("AddNodeToPCU", otherNodeId, badPcuId, 1L);
    }

    @AfterAll
    static void stop() throws IOException {
        if (testing != null) {
            testing.close();
        }
        if (simulator != null) {
            simulator.close();
        }
        nodePort.close();
        try (var files = Files.walk(simulatorDirectory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void aTechSendsTheNodeAPingOfDeathOnlyItsKeyAuthenticates() throws IOException {
        NodeKey key = NodeKey.parse((String) rows(operator.call("GetNodes", List.of(nodeId), List.of("key"))).getFirst()
                .get("key"));
        Instant before = Instant.now().minusSeconds(1);

        assertThat(tech.call("RebootNode", "node1.powered.org")).isEqualTo(1L);

        List<PingOfDeath> received = new ArrayList<>();
        for (int copy = 0; copy < RebootSettings.DEFAULT.podCopies(); copy++) {
            byte[] buffer = new byte[256];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            nodePort.receive(packet);
            PingOfDeath.Claimed claimed = PingOfDeath.read(buffer, packet.getLength()).orElseThrow();
            assertThat(claimed.authenticatedBy(key)).isTrue();
            assertThat(claimed.authenticatedBy(NodeKey.generate(new java.security.SecureRandom()))).isFalse();
            received.add(claimed.claim());
        }
        PingOfDeath pod = received.getFirst();
        assertThat(received).containsOnly(pod);
        assertThat(pod.nodeId()).isEqualTo(nodeId);
        assertThat(pod.timestamp()).isBetween(before, Instant.now().plusSeconds(1));
        Map<String, Object> record = reboot(pod.sequence());
        assertThat(((Number) record.get("node_id")).longValue()).isEqualTo(nodeId);
        assertThat(record).containsEntry("method", "pod").containsEntry("outcome", "sent");

        tech.call("RebootNode", nodeId);
        DatagramPacket next = new DatagramPacket(new byte[256], 256);
        do {
            nodePort.receive(next);
        } while (PingOfDeath.read(next.getData(), next.getLength()).orElseThrow().claim().sequence() == pod.sequence());
        assertThat(PingOfDeath.read(next.getData(), next.getLength()).orElseThrow().claim().sequence())
                .isGreaterThan(pod.sequence());
        assertThat(rows(operator.call("GetEvents", Map.of("call_name", "RebootNode", "fault_code", 0L))))
                .hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void onlyTheNodesSiteAndOperatorsMayRebootIt() {
        for (String method : List.of("RebootNode", "RebootNodeWithPCU")) {
            assertRefused(() -> testing.client(otherPi, PlcClient.Encoding.JSON).call(method, nodeId),
                    method + " of node node1.powered.org: person");
            assertRefused(() -> testing.client(user, PlcClient.Encoding.XML_RPC).call(method, nodeId), method);
        }
        long outsider = new Registry(operator).personId("pi@elsewhere.org");
        long member = new Registry(operator).personId("user@powered.org");
        // A reboot is recorded before the node is touched: no record, no datagram, no power change.
        long recorded = testing.plc().database().read(handle -> handle.createQuery(
                "SELECT COUNT(*) FROM reboots WHERE person_id IN (:outsider, :member)").bind("outsider", outsider)
                .bind("member", member).mapTo(Long.class).one());
        assertThat(recorded).isZero();
    }

    @Test
    void aPowerCycleThroughIpmiTurnsTheNodeOffAndOnAgain() {
        Assumptions.assumeTrue(simulator != null, "ipmi_sim and ipmitool are not installed (apt-get install openipmi ipmitool)");
        awaitSimulator();
        int before = simulator.powerChanges().size();

        assertThat(tech.call("RebootNodeWithPCU", "node1.powered.org")).isEqualTo(1L);

        assertThat(simulator.powerChanges().subList(before, simulator.powerChanges().size())).containsExactly("0", "1");
        Map<String, Object> record = latestReboot(nodeId);
        assertThat(record).containsEntry("method", "pcu").containsEntry("outcome", "done")
                .containsEntry("detail", "power cycled");

        assertThat(tech.call("RebootNodeWithPCU", nodeId, true)).isEqualTo(1L);
        assertThat(simulator.powerChanges()).hasSize(before + 2);
        assertThat(latestReboot(nodeId)).containsEntry("method", "pcu-check").containsEntry("detail", "Chassis Power is on");
    }

    @Test
    void aPcuThatRefusesItsCredentialsIsReportedAndRecorded() {
        Assumptions.assumeTrue(simulator != null, "ipmi_sim and ipmitool are not installed (apt-get install openipmi ipmitool)");
        awaitSimulator();
        int before = simulator.powerChanges().size();

        assertThatThrownBy(() -> tech.call("RebootNodeWithPCU", otherNodeId))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("refused \"chassis power off\"").doesNotContain("not-the-password");
                });
        assertThat(simulator.powerChanges()).hasSize(before);
        assertThat(latestReboot(otherNodeId)).containsEntry("method", "pcu").containsEntry("outcome", "failed");
    }

    @Test
    void aPcuPasswordIsNeverReturned() {
        for (PlcClient client : List.of(operator, tech)) {
            Map<String, Object> pcu = rows(client.call("GetPCUs", Map.of("protocol", "ipmi"))).getFirst();
            assertThat(pcu).containsEntry("username", IpmiSimulator.USER).doesNotContainKey("password");
            assertThat(pcu.values()).doesNotContain(PCU_PASSWORD);
        }
    }

    @Test
    void rebootsAreRecordedOnPostgresqlToo() throws IOException {
        try (DatagramSocket port = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                TestingPlc postgres = TestingPlc.start(StoreKind.POSTGRESQL, Clock.systemUTC(),
                        Map.of("reboot.pod-port", Integer.toString(port.getLocalPort())))) {
            port.setSoTimeout(10_000);
            PlcClient client = postgres.operator(PlcClient.Encoding.JSON);
            Registry registry = new Registry(client);
            long siteId = registry.site("pg");
            long node = registry.node(siteId, "node.pg.org", "127.0.0.1");
            client.call("AddNodeToPCU", node, (Long) client.call("AddPCU", siteId, Map.of("ip", "127.0.0.1", "protocol",
                    "unknown-kind")), 1L);

            client.call("RebootNode", node);
            port.receive(new DatagramPacket(new byte[256], 256));
            assertThatThrownBy(() -> client.call("RebootNodeWithPCU", node))
                    .hasMessageContaining("speaks \"unknown-kind\", which PLC has no driver for");

            List<Map<String, Object>> records = postgres.plc().database().read(handle -> handle.createQuery(
                    "SELECT method, outcome, pcu_id FROM reboots ORDER BY reboot_id").mapToMap().list());
            assertThat(records).singleElement().satisfies(record -> assertThat(record)
                    .containsEntry("method", "pod").containsEntry("outcome", "sent").containsEntry("pcu_id", null));
        }
    }

    @Test
    void aNodesConsoleOfTheBootBeforeIsKeptForItsSiteToRead() {
        PlcClient node = testing.client(testing.nodeSession(nodeId), PlcClient.Encoding.JSON);
        for (int boot = 1; boot <= ConsoleService.KEPT + 2; boot++) {
            assertThat(node.call("ReportConsoleLog", Map.of("boot_started", 1_000L * boot,
                    "text", "boot " + boot + "\nKernel panic - not syncing: Fatal exception\n"))).isEqualTo(1L);
        }

        List<Map<String, Object>> consoles = rows(tech.call("GetNodeConsoleLogs", "node1.powered.org"));
        assertThat(consoles).hasSize(ConsoleService.KEPT);
        assertThat(consoles.getFirst()).containsEntry("node_id", nodeId).containsEntry("boot_started", 7_000L);
        assertThat((String) consoles.getFirst().get("text")).startsWith("boot 7\nKernel panic");
        assertThat(consoles.getLast()).containsEntry("boot_started", 3_000L);
        assertThat(rows(tech.call("GetNodeConsoleLogs", otherNodeId))).isEmpty();

        assertRefused(() -> testing.client(otherPi, PlcClient.Encoding.JSON).call("GetNodeConsoleLogs", nodeId),
                "GetNodeConsoleLogs of node node1.powered.org");
        assertRefused(() -> testing.client(user, PlcClient.Encoding.JSON).call("GetNodeConsoleLogs", nodeId),
                "GetNodeConsoleLogs");
        assertRefused(() -> tech.call("ReportConsoleLog", Map.of("boot_started", 1L, "text", "forged")), "ReportConsoleLog");
        assertThatThrownBy(() -> node.call("ReportConsoleLog", Map.of("boot_started", 1L, "text",
                "x".repeat(org.planetlab.api.node.RebootApi.MAX_CONSOLE_CHARACTERS + 1))))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    private static void awaitSimulator() {
        IpmiDriver driver = new IpmiDriver(new RebootSettings(7911, 1, "ipmitool", simulator.port(), 3, Duration.ofSeconds(5)));
        PcuTarget target = new PcuTarget(1, "127.0.0.1", java.util.Optional.empty(), "ipmi", java.util.Optional.empty(),
                java.util.Optional.of(IpmiSimulator.USER), java.util.Optional.of(PCU_PASSWORD), 1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                driver.check(target);
                return;
            } catch (PlanetLabException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
        }
    }

    private static Map<String, Object> reboot(long rebootId) {
        return testing.plc().database().read(handle -> handle.createQuery("SELECT * FROM reboots WHERE reboot_id = :id")
                .bind("id", rebootId).mapToMap().one());
    }

    private static Map<String, Object> latestReboot(long node) {
        return testing.plc().database().read(handle -> handle.createQuery(
                        "SELECT * FROM reboots WHERE node_id = :node ORDER BY reboot_id DESC")
                .bind("node", node).mapToMap().first());
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PlanetLabException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
