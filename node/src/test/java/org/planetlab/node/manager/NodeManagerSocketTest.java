package org.planetlab.node.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.planetlab.api.nodemanager.NodeManagerClient;
import org.planetlab.api.nodemanager.NodeManagerOperations;
import org.planetlab.api.nodemanager.NodeManagerReplies;
import org.planetlab.api.nodemanager.NodeManagerRequests;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.node.owner.OwnerControls;
import org.planetlab.node.owner.OwnerScript;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.node.privileged.Privileged;
import org.planetlab.node.state.NodeStateStore;
import org.planetlab.node.state.VmRecord;

/** The node manager over its real Unix socket, called as root on the node (these tests run as root). */
@Privileged(hostTools = false)
class NodeManagerSocketTest {
    @TempDir
    Path directory;
    private NodeManagerServer server;
    private NodeManager manager;
    private long nodeRate;

    @BeforeEach
    void startServer() {
        manager = new NodeManager(new NodeStateStore(directory.resolve("table")), new RecordingRuntime(), new Rcaps(new SecureRandom()),
                Clock.systemUTC(), Runnable::run, 10, 180);
        OwnerControls owner = new OwnerControls() {
            @Override
            public void setNodeRate(long kilobitsPerSecond) {
                nodeRate = kilobitsPerSecond;
            }

            @Override
            public List<String> captureTraffic(String sliver, int packets, Duration within) {
                return List.of("captured " + sliver);
            }
        };
        server = new NodeManagerServer(directory.resolve("nm.sock"),
                new PeerIdentity(1_000_000_000L, index -> manager.vmByIndex(index).map(VmRecord::name)), new NodeManagerProtocol(manager, owner));
        server.start();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
        if (manager != null) {
            manager.close();
        }
    }

    @Test
    void poolsAndVmsThroughTheClient() {
        try (NodeManagerClient client = NodeManagerClient.connect(server.socket())) {
            assertThat(client.call("WhoAmI", Map.of())).isEqualTo(Map.of("slice", "", "host_root", true, "privileged", true));
            String rcap = client.createPool(new Rspec(Map.of(RspecAttribute.CPU_SHARE, "8"), List.of(), "plc", ""), "plc.scs");
            assertThat(client.getRcaps()).containsExactly(rcap);
            String part = client.splitPool(rcap, new Rspec(Map.of(RspecAttribute.CPU_SHARE, "2"), List.of(), "", ""));
            assertThat(client.getRspec(rcap).value(RspecAttribute.CPU_SHARE)).contains("6");
            NodeManagerReplies.Vm vm = client.bind(part, "univ_test", new Rspec(Map.of(), List.of("ssh-ed25519 KEY"), "", ""));
            assertThat(vm.phase()).isEqualTo("RUNNING");
            assertThat(client.listVms()).hasSize(1);
            assertThat(client.usage("univ_test").processes()).isEqualTo(4L);
            assertThat(client.call("CaptureTraffic", Map.of("name", "univ_test", "packets", 5L, "seconds", 1L))).isEqualTo(List.of("captured univ_test"));
            client.destroyVm("univ_test");
            assertThat(client.listVms()).isEmpty();
            assertThatThrownBy(() -> client.call("Bind", Map.of("rcap", part, "slice", "univ_test")))
                    .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        }
    }

    @Test
    void splitAndBindMakesASliverInOneCallAndTakesAnExactPoolWhole() {
        try (NodeManagerClient client = NodeManagerClient.connect(server.socket())) {
            String rcap = client.createPool(new Rspec(Map.of(RspecAttribute.CPU_SHARE, "8"), List.of(), "plc", ""), "plc.scs");
            Rspec two = new Rspec(Map.of(RspecAttribute.CPU_SHARE, "2"), List.of(), "", "");
            NodeManagerReplies.Vm vm = client.call(NodeManagerOperations.SPLIT_AND_BIND, new NodeManagerRequests.SplitAndBind(
                    rcap, two, "univ_one", new Rspec(Map.of(), List.of("ssh-ed25519 KEY"), "", "")));
            assertThat(vm.name()).isEqualTo("univ_one");
            assertThat(vm.rspec().value(RspecAttribute.CPU_SHARE)).contains("2");
            assertThat(vm.rspec().keys()).containsExactly("ssh-ed25519 KEY");
            assertThat(client.getRspec(rcap).value(RspecAttribute.CPU_SHARE)).contains("6");

            // A part split off and never bound is taken whole, leaving no pool behind.
            String leftover = client.splitPool(rcap, two);
            client.call(NodeManagerOperations.SPLIT_AND_BIND, new NodeManagerRequests.SplitAndBind(leftover, two, "univ_two", Rspec.EMPTY));
            assertThat(client.getRcaps()).containsExactly(rcap);
            assertThat(client.getRspec(rcap).value(RspecAttribute.CPU_SHARE)).contains("4");

            assertThatThrownBy(() -> client.call(NodeManagerOperations.SPLIT_AND_BIND, new NodeManagerRequests.SplitAndBind(rcap,
                    new Rspec(Map.of(RspecAttribute.CPU_SHARE, "5"), List.of(), "", ""), "univ_big", Rspec.EMPTY)))
                    .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED));
            assertThat(client.listVms()).extracting(NodeManagerReplies.Vm::name).containsExactlyInAnyOrder("univ_one", "univ_two");
        }
    }

    @Test
    void badRequestsGetErrorsNamingTheProblemAndTheConnectionStaysUsable() throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(server.socket()));
            assertThat(exchange(channel, "{not json")).contains("\"MALFORMED_REQUEST\"");
            assertThat(exchange(channel, "{\"id\":7,\"method\":\"Reboot\"}")).contains("\"id\":7").contains("\"UNKNOWN_METHOD\"");
            assertThat(exchange(channel, "{\"id\":8,\"method\":\"GetRspec\",\"params\":{}}")).contains("parameter rcap is required");
            assertThat(exchange(channel, "{\"id\":9,\"method\":\"CreatePool\",\"params\":{\"slice\":\"../etc\"}}")).contains("slice name");
            assertThat(exchange(channel, "{\"id\":10,\"method\":\"GetRcap\"}")).isEqualTo("{\"id\":10,\"result\":[]}");
        }
    }

    @Test
    void ownerScriptSetsRateBlacklistAndPoolsOnce() throws IOException {
        Path certificate = directory.resolve("plc.pem");
        Files.writeString(certificate, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        Path script = directory.resolve("owner-script.properties");
        Files.writeString(script, """
                node-rate-kbps = 20000
                blacklisted-slices = bad_slice
                blacklisted-authorities = plc.evil
                pool.plc.slice = plc.scs
                pool.plc.authority = plc
                pool.plc.authority-cert-file = plc.pem
                pool.plc.rspec.cpu_share = 100
                """);
        try (NodeManagerClient client = NodeManagerClient.connect(server.socket())) {
            OwnerScript.read(script).apply(client);
            OwnerScript.read(script).apply(client);
            assertThat(client.getRcaps()).hasSize(1);
            Rspec pool = client.getRspec(client.getRcaps().getFirst());
            assertThat(pool.authority()).isEqualTo("plc");
            assertThat(pool.authorityCertificate()).startsWith("-----BEGIN CERTIFICATE-----");
        }
        assertThat(nodeRate).isEqualTo(20_000);
        assertThat(manager.policy().blacklistedAuthorities()).containsExactly("plc.evil");
        Files.writeString(script, "pool.x.rspec.cpu_shares = 1\npool.x.slice = a\n");
        assertThatThrownBy(() -> OwnerScript.read(script)).hasMessageContaining("unknown RSpec attribute");
    }

    private static String exchange(SocketChannel channel, String line) throws IOException {
        channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
        ByteBuffer buffer = ByteBuffer.allocate(65536);
        StringBuilder answer = new StringBuilder();
        while (answer.indexOf("\n") < 0) {
            buffer.clear();
            if (channel.read(buffer) < 0) {
                break;
            }
            answer.append(StandardCharsets.UTF_8.decode(buffer.flip()));
        }
        return answer.toString().strip();
    }
}
