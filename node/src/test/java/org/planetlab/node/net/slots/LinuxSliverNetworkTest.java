package org.planetlab.node.net.slots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.net.Ipv4Cidr;
import org.planetlab.node.net.SliverNetworkHandle;
import org.planetlab.node.net.SliverNetworkSpec;
import org.planetlab.node.net.TrafficCounters;
import org.planetlab.node.net.shaping.Eventually;
import org.planetlab.node.privileged.Privileged;

/** Privileged: slivers' networks in real namespaces behind a namespaced node. */
@Privileged
class LinuxSliverNetworkTest {
    private static final Duration SOON = Duration.ofSeconds(10);

    private TestingNode node;
    private ExecutorService background;
    private LinuxSliverNetwork network;

    @BeforeEach
    void createNode() {
        node = TestingNode.create();
        background = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("sliver-network-test-", 0).factory());
    }

    @AfterEach
    void removeNode() {
        try {
            if (network != null) {
                network.close();
            }
        } finally {
            background.shutdownNow();
            node.close();
        }
    }

    @Test
    void sliverReachesTheInternetWithTheNodesAddress() {
        start(Map.of());
        SliverNetworkHandle handle = network.attach(spec("princeton_codeen", 1));

        assertThat(Files.exists(handle.namespacePath())).isTrue();
        assertThat(handle.namespacePath().getFileName().toString()).startsWith(node.namespacePrefix());
        assertThat(handle.sliverAddress().getHostAddress()).startsWith("10.200.");
        CapturedOutput seen = capture(node.internetNamespacePath(), "eth0");

        assertThat(ping(handle, TestingNode.INTERNET_ADDRESS)).isTrue();

        Eventually.within(SOON, () -> assertThat(seen.stdout())
                .contains(TestingNode.NODE_ADDRESS + " > " + TestingNode.INTERNET_ADDRESS + ": ICMP echo request"));
        assertThat(seen.stdout()).doesNotContain(handle.sliverAddress().getHostAddress());
        TrafficCounters counters = network.counters().get("princeton_codeen");
        assertThat(counters.packetsSent()).isGreaterThanOrEqualTo(1);
        assertThat(counters.packetsReceived()).isGreaterThanOrEqualTo(1);
        assertThat(counters.bytesSent()).isGreaterThanOrEqualTo(84);
    }

    @Test
    void attachIsIdempotentAndDetachCutsTheSliverOffAtOnce() {
        // Background work waits here until the test runs it, so what detach itself does is visible.
        Deque<Runnable> held = new ArrayDeque<>();
        network = new LinuxSliverNetwork(node.config(Map.of()), node.nodeCommand(), held::add);
        network.start();
        SliverNetworkHandle first = network.attach(spec("one", 1));
        assertThat(network.attach(spec("one", 1))).isEqualTo(first);
        assertThat(ping(first, TestingNode.INTERNET_ADDRESS)).isTrue();
        long processes = network.commandsRun();
        long transactions = network.netlinkTransactions();

        network.detach("one");

        assertThat(network.commandsRun() - processes).as("processes started by detach").isZero();
        assertThat(network.netlinkTransactions() - transactions).as("netlink transactions of detach").isEqualTo(1);
        assertThat(ping(first, TestingNode.INTERNET_ADDRESS)).isFalse();
        assertThat(Files.exists(first.namespacePath())).as("removed later, in the background").isTrue();
        assertThat(network.handle("one")).isEmpty();
        network.detach("one");
        while (!held.isEmpty()) {
            held.poll().run();
        }
        assertThat(Files.exists(first.namespacePath())).isFalse();
        Eventually.within(SOON, () -> assertThat(node.nodeCommand().run(List.of("ip", "-o", "link", "show")))
                .doesNotContain(first.hostDevice() + "@"));
        int slot = Integer.parseInt(first.hostDevice().replaceAll("^\\D+", ""));
        assertThat(node.nodeCommand().run(List.of("tc", "class", "show", "dev", "up0")))
                .as("the slot's class is deleted").doesNotContain("class htb 1:" + Integer.toHexString(0x10 + slot) + " ");
        for (String set : List.of("assigned", "retired", "sources", "mirrored")) {
            assertThat(node.nodeCommand().run(List.of("nft", "list", "set", "ip", "planetlab", set)))
                    .as("no element of set %s names the slot any more", set).doesNotContain("\"" + first.hostDevice() + "\"");
        }
        assertThat(node.nodeCommand().run(List.of("nft", "list", "map", "ip", "planetlab", "classes")))
                .as("the slot's address is out of the classes map").doesNotContain(first.sliverAddress().getHostAddress() + " ");
    }

    @Test
    void sliversCannotReachEachOther() {
        start(Map.of());
        SliverNetworkHandle one = network.attach(spec("one", 1));
        SliverNetworkHandle two = network.attach(spec("two", 1));

        assertThat(ping(one, two.sliverAddress().getHostAddress())).isFalse();
        assertThat(ping(one, TestingNode.INTERNET_ADDRESS)).isTrue();
    }

    @Test
    void guaranteesBeyondTheNodeRateAreRefused() {
        start(Map.of("node-rate-kbps", "50000"));
        network.attach(spec("guaranteed", 40_000));

        assertThatThrownBy(() -> network.attach(spec("greedy", 20_000)))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED))
                .hasMessageContaining("20000 kbit/s")
                .hasMessageContaining("50000 kbit/s");
        assertThat(network.handle("greedy")).isEmpty();
        assertThatThrownBy(() -> network.update(spec("guaranteed", 60_000)))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED));
        assertThatThrownBy(() -> network.setNodeRate(30_000))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED))
                .hasMessageContaining("40000 kbit/s is guaranteed");
        network.attach(spec("modest", 5_000));
        network.setNodeRate(60_000);
        network.update(spec("guaranteed", 50_000));
    }

    @Test
    void spoofedSourcesNeverLeaveTheNode() {
        start(Map.of());
        SliverNetworkHandle liar = network.attach(spec("liar", 1));
        SliverNetworkHandle victim = network.attach(spec("victim", 1));
        HostCommand inLiar = node.in(liar.namespacePath());
        inLiar.run(List.of("ip", "addr", "add", victim.sliverAddress().getHostAddress() + "/32", "dev", "eth0"));
        inLiar.run(List.of("ip", "addr", "add", TestingNode.NODE_ADDRESS + "/32", "dev", "eth0"));
        long echoesBefore = node.internetEchoRequests();
        long spoofedBefore = counter("spoofed");

        for (String forged : List.of(victim.sliverAddress().getHostAddress(), TestingNode.NODE_ADDRESS)) {
            assertThat(inLiar.runAllowingFailure(List.of("ping", "-n", "-c", "3", "-i", "0.2", "-W", "1", "-I", forged,
                    TestingNode.INTERNET_ADDRESS), null).exitCode()).isNotZero();
        }

        assertThat(counter("spoofed") - spoofedBefore).isEqualTo(6);
        assertThat(ping(liar, TestingNode.INTERNET_ADDRESS)).isTrue();
        assertThat(node.internetEchoRequests() - echoesBefore).as("echo requests that reached the Internet").isEqualTo(1);
    }

    @Test
    void icmpFloodIsRateLimitedPerSliver() {
        start(Map.of("probe-packets-per-second", "10", "probe-burst-packets", "10"));
        SliverNetworkHandle flooder = network.attach(spec("flooder", 1));
        long echoesBefore = node.internetEchoRequests();
        long started = System.nanoTime();

        node.in(flooder.namespacePath()).runAllowingFailure(List.of("ping", "-n", "-q", "-c", "100", "-i", "0.01", "-W", "1",
                TestingNode.INTERNET_ADDRESS), null);

        double seconds = (System.nanoTime() - started) / 1e9;
        long arrived = node.internetEchoRequests() - echoesBefore;
        assertThat(arrived).isBetween(10L, 10 + Math.round(10 * seconds) + 2);
        assertThat(counter("probes")).isGreaterThanOrEqualTo(100 - arrived);
    }

    @Test
    void blockedDestinationsAreUnreachable() {
        start(Map.of("blocked-destinations", TestingNode.SECOND_INTERNET_ADDRESS + "/32"));
        SliverNetworkHandle sliver = network.attach(spec("prober", 1));
        long echoesBefore = node.internetEchoRequests();

        assertThat(ping(sliver, TestingNode.SECOND_INTERNET_ADDRESS)).isFalse();
        assertThat(ping(sliver, TestingNode.INTERNET_ADDRESS)).isTrue();
        assertThat(node.internetEchoRequests() - echoesBefore).isEqualTo(1);

        network.setBlockedDestinations(List.of(Ipv4Cidr.parse("10.254.0.0/30")));
        assertThat(ping(sliver, TestingNode.INTERNET_ADDRESS)).isFalse();
        network.setBlockedDestinations(List.of());
        assertThat(ping(sliver, TestingNode.SECOND_INTERNET_ADDRESS)).isTrue();
    }

    @Test
    void captureInsideASliverSeesOnlyItsOwnTraffic() {
        start(Map.of());
        SliverNetworkHandle watcher = network.attach(spec("watcher", 1));
        SliverNetworkHandle other = network.attach(spec("other", 1));
        CapturedOutput seen = capture(watcher.namespacePath().toString(), "any");

        assertThat(ping(other, TestingNode.INTERNET_ADDRESS, 5)).isTrue();
        assertThat(ping(watcher, TestingNode.INTERNET_ADDRESS, 2)).isTrue();

        String own = watcher.sliverAddress().getHostAddress() + " > " + TestingNode.INTERNET_ADDRESS + ": ICMP echo request";
        Eventually.within(SOON, () -> assertThat(seen.linesWith(own)).hasSize(2));
        assertThat(seen.stdout()).doesNotContain(other.sliverAddress().getHostAddress());
    }

    @Test
    void ownerVmReceivesTheTrafficOfTheSliversItMirrors() {
        start(Map.of());
        SliverNetworkHandle owner = network.attach(new SliverNetworkSpec("site_admin", 0, 1, 100_000, 1500, true));
        SliverNetworkHandle first = network.attach(spec("first", 1));
        SliverNetworkHandle second = network.attach(spec("second", 1));
        assertThatThrownBy(() -> network.mirrorToOwner(List.of("nobody")))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        CapturedOutput seen = capture(owner.namespacePath().toString(), "mirror0");
        String firstRequest = first.sliverAddress().getHostAddress() + " > " + TestingNode.INTERNET_ADDRESS + ": ICMP echo request";
        String secondRequest = second.sliverAddress().getHostAddress() + " > " + TestingNode.INTERNET_ADDRESS + ": ICMP echo request";
        String secondReply = TestingNode.INTERNET_ADDRESS + " > " + second.sliverAddress().getHostAddress() + ": ICMP echo reply";

        network.mirrorToOwner(List.of("second"));
        assertThat(ping(first, TestingNode.INTERNET_ADDRESS, 2)).isTrue();
        assertThat(ping(second, TestingNode.INTERNET_ADDRESS, 3)).isTrue();
        Eventually.within(SOON, () -> assertThat(seen.linesWith(secondReply)).hasSize(3));
        assertThat(seen.linesWith(secondRequest)).hasSize(3);

        network.mirrorToOwner(List.of("first"));
        assertThat(ping(second, TestingNode.INTERNET_ADDRESS, 3)).isTrue();
        assertThat(ping(first, TestingNode.INTERNET_ADDRESS, 2)).isTrue();
        Eventually.within(SOON, () -> assertThat(seen.linesWith(firstRequest)).hasSize(2));
        assertThat(seen.linesWith(secondRequest)).hasSize(3);
    }

    private void start(Map<String, String> overrides) {
        network = new LinuxSliverNetwork(node.config(overrides), node.nodeCommand(), background);
        network.start();
    }

    private CapturedOutput capture(String namespacePath, String device) {
        Process tcpdump = node.start(namespacePath, List.of("timeout", "30", "tcpdump", "-i", device, "-nn", "-l", "icmp"));
        CapturedOutput output = CapturedOutput.of(tcpdump);
        Eventually.within(SOON, () -> assertThat(output.stderr()).contains("listening on"));
        return output;
    }

    private boolean ping(SliverNetworkHandle from, String address) {
        return ping(from, address, 1);
    }

    private boolean ping(SliverNetworkHandle from, String address, int count) {
        return node.in(from.namespacePath()).runAllowingFailure(List.of("ping", "-n", "-q", "-c", String.valueOf(count),
                "-i", "0.2", "-W", "1", address), null).exitCode() == 0;
    }

    private long counter(String name) {
        String json = node.nodeCommand().run(List.of("nft", "-j", "list", "counter", "ip", "planetlab", name));
        try {
            return new ObjectMapper().readTree(json).path("nftables").path(1).path("counter").path("packets").asLong();
        } catch (Exception e) {
            throw new AssertionError("cannot read counter " + name + " from " + json, e);
        }
    }

    static SliverNetworkSpec spec(String name, long baseRateKbps) {
        return new SliverNetworkSpec(name, 0, baseRateKbps, 100_000, 1_500, false);
    }
}
