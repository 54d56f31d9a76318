package org.planetlab.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.nodemanager.NodeManagerClient;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.privileged.Privileged;

/**
 * Two peered PLCs on the testbed in a box, one node each, as {@code bin/testbed up --peers 2}
 * makes them: PLC A's demo slice, put on B's node, gets its sliver there from B's view of A, with
 * the bootscript A's PI gave it; A's demo user logs into it with her key; her pings from it are traced at B to A's slice and to her,
 * by name; and once B deletes the peer, nothing of the slice is left on B's node. On A's side, a
 * GENI client on Python's standard library drives a sliver through the aggregate: allocate,
 * provision, start, SSH in with the key it gave in {@code geni_users}, renew, delete.
 */
@Privileged
class PeeredTestbedTest {
    private static final Duration PROPAGATION = Duration.ofSeconds(60);

    @TempDir
    static Path dataDir;

    private static PeeredTestbed testbeds;
    private static PeeredTestbed.Layouts layouts;
    private static PeeredTestbed.Started started;

    @BeforeAll
    static void up() {
        testbeds = new PeeredTestbed(new Testbed(Path.of("..").toAbsolutePath().normalize(), HostCommand.onHost(),
                SliverImages.Kind.BUSYBOX));
        layouts = PeeredTestbed.Layouts.of(dataDir.resolve("peers"), 1, 1, "10.83.0", "10.84.0", 18473, "plpa", "plpb");
        started = testbeds.up(layouts, new PrintWriter(System.out, true));
    }

    @AfterAll
    static void down() {
        if (testbeds != null) {
            testbeds.down(dataDir.resolve("peers"), "plpa", "plpb", new PrintWriter(System.out, true));
        }
    }

    @Test
    void aSliceOfAOnANodeOfBIsLoggedIntoAuditedWithAsUsersAndGoneWithThePeer() {
        TestbedLayout a = layouts.a();
        TestbedLayout b = layouts.b();
        String slice = TestbedSeed.slice(a);
        TestbedLayout.TestbedNode nodeOfB = b.node(1);
        PlcClient operatorB = started.b().operator();

        // B knows A's slice, its user and her key as A's, read-only.
        Map<?, ?> foreign = (Map<?, ?>) ((List<?>) operatorB.call("GetSlices", List.of(slice),
                List.of("peer_id", "node_ids", "person_ids"))).getFirst();
        assertThat(foreign.get("peer_id")).isNotNull();
        Map<?, ?> user = (Map<?, ?>) ((List<?>) operatorB.call("GetPersons", List.of(TestbedSeed.user(a)),
                List.of("person_id", "peer_id", "key_ids"))).getFirst();
        assertThat(user.get("peer_id")).isEqualTo(foreign.get("peer_id"));
        assertThat(foreign.get("person_ids")).isEqualTo(List.of(user.get("person_id")));
        assertThat((List<?>) user.get("key_ids")).hasSize(1);

        // A's user logs into the sliver on B's node with the key she gave A.
        SshProbe ssh = new SshProbe(a.demoDir().resolve("id_ed25519"));
        await("login to " + slice + " on " + nodeOfB.hostname(), () -> ssh.canLogIn(slice, nodeOfB.address()));
        HostCommand.Result hello = ssh.run(slice, nodeOfB.address(), "hostname");
        assertThat(hello.exitCode()).as(hello.stdout()).isZero();
        assertThat(hello.stdout()).contains(slice);
        // The bootscript A's PI set came along with the slice, and ran there.
        await("A's bootscript to run on " + nodeOfB.hostname(), () -> ssh.run(slice, nodeOfB.address(),
                "cat /tmp/hello").stdout().contains("hello from"));

        // Her pings to B's Internet are traced at B to A's slice and to her, by name.
        long sent = System.currentTimeMillis() / 1000;
        HostCommand.Result ping = ssh.run(slice, nodeOfB.address(), "ping -c 2 -W 1 " + b.internetAddress());
        assertThat(ping.exitCode()).as(ping.stdout()).isZero();
        await("B to trace the pings to " + slice, () -> !flows(operatorB, b, sent).isEmpty());
        Map<?, ?> traced = whoSentThis(operatorB, b, sent);
        assertThat(flows(operatorB, b, sent)).containsOnly(slice);
        Map<?, ?> contact = (Map<?, ?>) ((List<?>) traced.get("slices")).getFirst();
        assertThat(contact.get("name")).isEqualTo(slice);
        assertThat(((List<?>) contact.get("users")).stream().map(Object::toString)).containsExactly("Uma Demo");

        // B stops peering with A: A's objects are gone from B, and the sliver from B's node.
        operatorB.call("DeletePeer", a.peerName());
        assertThat((List<?>) operatorB.call("GetSlices", List.of(slice))).isEmpty();
        assertThat((List<?>) operatorB.call("GetPersons", List.of(TestbedSeed.user(a)))).isEmpty();
        await("nothing of " + slice + " left on " + nodeOfB.hostname(), () -> remainsOf(nodeOfB, slice).isEmpty());
        // A's own node still runs it.
        assertThat(ssh.canLogIn(slice, a.node(1).address())).isTrue();
    }

    @Test
    void aGeniClientAllocatesProvisionsStartsLogsInRenewsAndDeletesAtAsAggregate(@TempDir Path clientDirectory) {
        TestbedLayout a = layouts.a();
        PlcClient operatorA = started.a().operator();
        String email = TestbedSeed.user(a);
        PlcClient user = operatorA.as(new Credentials.Password(email, started.a().passwords().get(email)));
        GeniClientRun client = GeniClientRun.prepare(a, operatorA, user, clientDirectory);
        String slice = a.siteLoginBase() + "_" + GeniClientRun.SLICE_NAME;

        String output = client.run(a.node(1), 1, Duration.ofMinutes(3), new PrintWriter(System.out, true));

        assertThat(output).contains("GetSelfCredential", "GetCredential: slice credential", "Allocate geni_code=0",
                "Provision geni_code=0", "manifest login: " + slice, "PerformOperationalAction geni_code=0",
                "ssh: logged in as " + slice + ", hostname ", "status: geni_ready", "Renew geni_code=0",
                "Delete geni_code=0", "ssh: refused after Delete");
        // An ordinary PLC slice: renewed to a day from now as the client asked, on no node after Delete,
        // and the key the client gave in geni_users is one of the demo user's keys.
        Map<?, ?> plcSlice = (Map<?, ?>) ((List<?>) operatorA.call("GetSlices", List.of(slice),
                List.of("node_ids", "expires"))).getFirst();
        assertThat((List<?>) plcSlice.get("node_ids")).isEmpty();
        assertThat(((Number) plcSlice.get("expires")).longValue() - System.currentTimeMillis() / 1000)
                .isBetween(Duration.ofHours(23).toSeconds(), Duration.ofHours(25).toSeconds());
        String givenKey = readString(clientDirectory.resolve("geni_ed25519.pub")).split(" ")[1];
        assertThat(((List<?>) operatorA.call("GetKeys", Map.of("person_id", personId(operatorA, email)), List.of("key"))).stream()
                .map(key -> ((Map<?, ?>) key).get("key").toString())).anyMatch(key -> key.contains(givenKey));
    }

    private static Object personId(PlcClient operator, String email) {
        return ((Map<?, ?>) ((List<?>) operator.call("GetPersons", List.of(email), List.of("person_id"))).getFirst()).get("person_id");
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<?, ?> whoSentThis(PlcClient operator, TestbedLayout layout, long since) {
        return (Map<?, ?>) operator.call("WhoSentThis", Map.of("remote_address", layout.internetAddress(),
                "start", since - 5, "end", System.currentTimeMillis() / 1000 + 5, "protocol", 1));
    }

    /** The slices named by the flows PLC has of ICMP to the Internet since {@code since}. */
    private static Set<Object> flows(PlcClient operator, TestbedLayout layout, long since) {
        Set<Object> slices = new HashSet<>();
        for (Object flow : (List<?>) whoSentThis(operator, layout, since).get("flows")) {
            slices.add(((Map<?, ?>) flow).get("slice_name"));
        }
        return slices;
    }

    /** What the node still has of the slice: the node manager's record of it, its run directory, its cgroup. */
    private static List<String> remainsOf(TestbedLayout.TestbedNode node, String slice) {
        List<String> remains = new ArrayList<>();
        try (NodeManagerClient manager = NodeManagerClient.connect(node.nodeManagerSocket())) {
            if (manager.listVms().stream().anyMatch(vm -> vm.name().equals(slice))) {
                remains.add("the node manager's record");
            }
        }
        for (Path place : List.of(Path.of(NodeAgentFiles.RUN_ROOT, node.agentPrefix(), "slivers", slice),
                Path.of("/sys/fs/cgroup/pids", node.agentPrefix(), slice))) {
            if (Files.exists(place)) {
                remains.add(place.toString());
            }
        }
        return remains;
    }

    private static void await(String what, Callable<Boolean> condition) {
        Awaitility.await(what).atMost(PROPAGATION).pollInterval(Duration.ofMillis(200)).until(condition);
    }
}
