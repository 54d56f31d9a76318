package org.planetlab.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.node.host.HostCommand;
import org.planetlab.api.nodemanager.NodeManagerClient;
import org.planetlab.api.nodemanager.NodeManagerReplies;
import org.planetlab.node.privileged.Privileged;

/**
 * The whole system, as its people use it, on a testbed in a box with three nodes: a researcher
 * registers, her PI approves her, she uploads a key; the PI creates a slice with her on three
 * nodes; she logs into each and writes a file; her key removed, she is refused; the slice stopped,
 * its processes are gone; started, its bootscript runs again; deleted, nothing of it is left on
 * any node and PLC keeps its record, marked deleted. Her pings to the Internet are traced back to
 * her slice and to her at PLC ("who sent this?"), from every node; the web page she serves on a
 * port her slice reserved is fetched from the Internet at each node's address. Then three more
 * slices' traffic is traced and put through crashes ({@link FlowAuditScenario}). Last, the node
 * software is rolled out to the three nodes in waves, a broken release stopped and rolled back
 * ({@link RolloutScenario}).
 */
@Privileged
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TestbedEndToEndTest {
    private static final Duration PROPAGATION = Duration.ofSeconds(60);
    private static final String SLICE = "demo_e2e";

    @TempDir
    static Path dataDir;

    private static Testbed testbed;
    private static TestbedLayout layout;
    private static Testbed.Started started;

    @BeforeAll
    static void up() throws IOException {
        testbed = new Testbed(Path.of("..").toAbsolutePath().normalize(), HostCommand.onHost(), SliverImages.Kind.BUSYBOX);
        layout = new TestbedLayout(dataDir.resolve("testbed"), 3, "10.78.0", 18443, "pltt");
        started = testbed.up(layout, new PrintWriter(System.out, true));
    }

    @AfterAll
    static void down() {
        if (testbed != null) {
            testbed.down(layout.dataDir(), layout.prefix(), new PrintWriter(System.out, true));
        }
    }

    @Test
    void nodesBootFromTheMediumAndTheirPlnodeTxtAlone() throws IOException {
        Path medium = layout.dataDir().resolve("boot-medium");
        assertThat(org.planetlab.boot.medium.BootMedium.read(medium).bootServer().toString()).isEqualTo(layout.plcUrl());
        for (TestbedLayout.TestbedNode node : layout.nodes()) {
            // What the boot manager made of release 1 and plnode.txt.
            assertThat(Files.readString(node.directory().resolve("software").resolve(".release-number")).strip()).isEqualTo("1");
            assertThat(Files.readString(node.directory().resolve("node-agent.properties")))
                    .startsWith("# Written by the boot manager")
                    .contains("plc-ca-file = " + medium.resolve("plc-ca.pem"))
                    .contains("prefix = " + node.agentPrefix());
            assertThat(node.directory().resolve("state").resolve("releases")).as("releases are the boot manager's, not the agent's")
                    .doesNotExist();
            List<?> history = (List<?>) started.operator().call("GetNodeBootHistory", node.hostname());
            assertThat(history).anySatisfy(row -> {
                Map<?, ?> entry = (Map<?, ?>) row;
                assertThat(entry.get("event")).isEqualTo("boot");
                assertThat(entry.get("source")).isEqualTo(node.address());
                assertThat((String) entry.get("message")).contains("release 1 installed, node agent started");
            });
        }
    }

    @Test
    void registerToDeletion() throws IOException, InterruptedException {
        PlcClient operator = started.operator();
        PlcClient pi = operator.as(new Credentials.Password(TestbedSeed.PI, started.passwords().get(TestbedSeed.PI)));

        // She registers; the PI approves her; she uploads a key.
        Map<String, Object> alice = new LinkedHashMap<>();
        alice.put("email", "alice@" + TestbedLayout.DOMAIN);
        alice.put("first_name", "Alice");
        alice.put("last_name", "Liddell");
        alice.put("password", "down-the-rabbit-hole");
        long aliceId = (Long) operator.as(new Credentials.Anonymous()).call("RegisterPerson", alice, TestbedSeed.SITE);
        pi.call("ApprovePerson", aliceId);
        PlcClient user = operator.as(new Credentials.Password((String) alice.get("email"), "down-the-rabbit-hole"));
        Path key = dataDir.resolve("alice_ed25519");
        HostCommand.onHost().run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()));
        String publicKey = Files.readString(key.resolveSibling("alice_ed25519.pub"), StandardCharsets.UTF_8).strip();
        long keyId = (Long) user.call("AddPersonKey", aliceId, Map.of("key_type", "ssh", "key", publicKey));

        // The PI creates a slice with her; she puts it on the three nodes.
        Map<String, Object> slice = new LinkedHashMap<>();
        slice.put("name", SLICE);
        slice.put("description", "end-to-end test");
        slice.put("url", "https://" + TestbedLayout.DOMAIN + "/e2e");
        pi.call("AddSlice", slice);
        pi.call("SetSliceAttr", SLICE, Map.of("name", "bootscript", "value", "echo started >> /root/starts"));
        pi.call("AddPersonToSlice", alice.get("email"), SLICE);
        user.call("AddSliceToNodes", SLICE, layout.nodes().stream().map(node -> (Object) node.hostname()).toList());

        // She logs into each node, runs a command and writes a file.
        SshProbe ssh = new SshProbe(key);
        for (TestbedLayout.TestbedNode node : layout.nodes()) {
            await("login to " + node.hostname(), () -> ssh.canLogIn(SLICE, node.address()));
            HostCommand.Result result = ssh.run(SLICE, node.address(), "echo kept > /root/file && hostname && cat /root/file");
            assertThat(result.exitCode()).isZero();
            assertThat(result.stdout()).contains(SLICE).contains("kept");
        }

        // She pings the Internet from each node: PLC, asked who sent it, names her slice, her and
        // every node, from the records the nodes captured and uploaded.
        long sent = System.currentTimeMillis() / 1000;
        for (TestbedLayout.TestbedNode node : layout.nodes()) {
            HostCommand.Result ping = ssh.run(SLICE, node.address(), "ping -c 2 -W 1 " + layout.internetAddress());
            assertThat(ping.exitCode()).as(ping.stdout()).isZero();
        }
        await("PLC to trace the pings to " + SLICE + " on every node", () -> tracedNodes(operator, sent).size()
                == layout.nodes().size());
        Map<?, ?> traced = whoSentThis(operator, sent);
        assertThat(((List<?>) traced.get("flows")).stream().map(flow -> (Object) ((Map<?, ?>) flow).get("slice_name")))
                .containsOnly(SLICE);
        Map<?, ?> contact = (Map<?, ?>) ((List<?>) traced.get("slices")).getFirst();
        assertThat(contact.get("name")).isEqualTo(SLICE);
        assertThat(((List<?>) contact.get("users")).stream().map(Object::toString)).containsExactly("Alice Liddell");

        // The operators' Prometheus sees the uploads on both sides: each agent's uploader counted
        // the records PLC took, and PLC counted the UploadFlows calls.
        for (TestbedLayout.TestbedNode node : layout.nodes()) {
            await("node " + node.index() + "'s metrics to count uploaded records", () ->
                    metric(scrape(TestbedMetrics.nodeListen(node)), "node_audit_upload_records_total") > 0);
        }
        assertThat(metric(scrape(TestbedMetrics.plcListen(layout)), "plc_api_calls_seconds_count{method=\"UploadFlows\",outcome=\"ok\"}"))
                .isPositive();

        // She serves a page from each node on a port her slice reserved at PLC; the Internet fetches
        // it at the node's own address.
        pi.call("SetSliceAttr", SLICE, Map.of("name", "tcp_ports", "value", "8080"));
        for (TestbedLayout.TestbedNode node : layout.nodes()) {
            HostCommand.Result served = ssh.run(SLICE, node.address(), "mkdir -p /tmp/www && echo page-from-" + node.hostname()
                    + " > /tmp/www/index.html && httpd -p 8080 -h /tmp/www");
            assertThat(served.exitCode()).as(served.stdout()).isZero();
            await("the Internet to fetch the page served on " + node.hostname(),
                    () -> fetchFromInternet(node, 8080).equals("page-from-" + node.hostname()));
        }

        // Her key removed at PLC, every node refuses her.
        user.call("DeleteKey", keyId);
        for (TestbedLayout.TestbedNode node : layout.nodes()) {
            await("refusal at " + node.hostname(), () -> !ssh.canLogIn(SLICE, node.address()));
        }
        user.call("AddPersonKey", aliceId, Map.of("key_type", "ssh", "key", publicKey));

        // Stopped, the slice's processes are gone everywhere.
        user.call("StopSlice", SLICE);
        for (TestbedLayout.TestbedNode node : layout.nodes()) {
            await("the slice stopped on " + node.hostname(), () -> stopped(node));
        }

        // Started again, its bootscript ran a second time, and its files are still there.
        user.call("StartSlice", SLICE);
        for (TestbedLayout.TestbedNode node : layout.nodes()) {
            await("login to the restarted slice on " + node.hostname(), () -> ssh.canLogIn(SLICE, node.address()));
            HostCommand.Result result = ssh.run(SLICE, node.address(), "wc -l < /root/starts; cat /root/file");
            assertThat(result.stdout().lines().map(String::strip).toList()).containsExactly("2", "kept");
        }

        // Deleted: nothing of it on any node; its record kept at PLC.
        user.call("DeleteSlice", SLICE);
        for (TestbedLayout.TestbedNode node : layout.nodes()) {
            await("nothing of the slice left on " + node.hostname(), () -> remainsOf(node).isEmpty());
        }
        Map<?, ?> record = (Map<?, ?>) ((List<?>) operator.call("GetSlices", Map.of("name", SLICE, "is_deleted", true),
                List.of("is_deleted", "person_ids"))).getFirst();
        for (TestbedLayout.TestbedNode node : layout.nodes()) {
            assertThat(Files.readString(node.directory().resolve("state/ports"))).as("the slice's ports are free")
                    .doesNotContain(SLICE);
        }
        assertThat(record.get("is_deleted")).isEqualTo(true);
        assertThat(record.get("person_ids")).isEqualTo(List.of(aliceId));
    }

    /**
     * Next to last: its ICMP to the Internet would otherwise show in the other tests' windows. When
     * a flow goes unrecorded it keeps its evidence under target/ (docs/auditing.md).
     */
    @Test
    @Order(Integer.MAX_VALUE - 1)
    void everyFlowOfThreeSlicesNamesItsSliceAndReachesPlcOnceThroughCrashesAndACutOff() throws IOException {
        new FlowAuditScenario(layout, started, new TestbedFaults(layout, Path.of("..").toAbsolutePath().normalize())).run();
    }

    /** Last: it restarts every node's agent, which the scenarios above need running. */
    @Test
    @Order(Integer.MAX_VALUE)
    void theRealAgentIsRolledOutInTwoWavesAndABrokenReleaseIsStoppedAndRolledBack() {
        new RolloutScenario(started.operator(), layout).run();
    }

    /** The page at the node's address and {@code port}, fetched from the testbed's Internet. */
    private static String scrape(String address) throws IOException, InterruptedException {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://" + address + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** A sample's value on a metrics page; 0 when the page lacks it. */
    private static double metric(String page, String sample) {
        return page.lines().filter(line -> line.startsWith(sample + " ")).map(line -> Double.parseDouble(line.substring(sample.length() + 1)))
                .findFirst().orElse(0.0);
    }

    private static String fetchFromInternet(TestbedLayout.TestbedNode node, int port) {
        return HostCommand.onHost().runAllowingFailure(layout.onInternet("curl", "-s", "-m", "2",
                "http://" + node.address() + ":" + port + "/index.html"), null).stdout().strip();
    }

    private static Map<?, ?> whoSentThis(PlcClient operator, long since) {
        return (Map<?, ?>) operator.call("WhoSentThis", Map.of("remote_address", layout.internetAddress(),
                "start", since - 5, "end", System.currentTimeMillis() / 1000 + 5, "protocol", 1));
    }

    /** The nodes whose records of ICMP to the Internet since {@code since} PLC has. */
    private static Set<Object> tracedNodes(PlcClient operator, long since) {
        Set<Object> nodes = new HashSet<>();
        for (Object flow : (List<?>) whoSentThis(operator, since).get("flows")) {
            nodes.add(((Map<?, ?>) flow).get("node_id"));
        }
        return nodes;
    }

    private static boolean stopped(TestbedLayout.TestbedNode node) {
        try (NodeManagerClient manager = NodeManagerClient.connect(node.nodeManagerSocket())) {
            for (NodeManagerReplies.Vm vm : manager.listVms()) {
                if (SLICE.equals(vm.name())) {
                    return vm.stopped() && manager.usage(SLICE).processes() == 0;
                }
            }
            return false;
        }
    }

    private static List<String> remainsOf(TestbedLayout.TestbedNode node) {
        List<String> remains = new ArrayList<>();
        try (NodeManagerClient manager = NodeManagerClient.connect(node.nodeManagerSocket())) {
            manager.listVms().stream().map(NodeManagerReplies.Vm::name).filter(SLICE::equals)
                    .forEach(name -> remains.add("VM record"));
        }
        for (String controller : List.of("cpu", "memory", "pids")) {
            if (Files.exists(Path.of("/sys/fs/cgroup", controller, node.agentPrefix(), SLICE))) {
                remains.add(controller + " cgroup");
            }
        }
        if (Files.exists(Path.of(NodeAgentFiles.RUN_ROOT, node.agentPrefix(), "slivers", SLICE))) {
            remains.add("sliver directory");
        }
        return remains;
    }

    private static void await(String what, Callable<Boolean> condition) {
        Awaitility.await(what).atMost(PROPAGATION).pollInterval(Duration.ofMillis(200)).until(condition);
    }
}
