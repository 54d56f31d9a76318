package org.planetlab.node.net.slots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.planetlab.node.net.slots.LinuxSliverNetworkTest.spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.planetlab.node.net.SliverNetworkHandle;
import org.planetlab.node.net.layout.SliverNetworkConfig;
import org.planetlab.node.net.shaping.Eventually;
import org.planetlab.node.privileged.Privileged;

/**
 * Privileged: an agent that crashed leaves its slivers' kernel objects behind; the next one takes
 * over those still wanted and removes the rest, and closing an idle network leaves nothing.
 */
@Privileged
class SliverNetworkRecoveryTest {
    private static final int SPARES = 2;

    private TestingNode node;
    private ExecutorService background;

    @BeforeEach
    void createNode() {
        node = TestingNode.create();
        background = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("sliver-network-test-", 0).factory());
    }

    @AfterEach
    void removeNode() {
        background.shutdownNow();
        node.close();
    }

    @Test
    void reconcileAfterACrashRemovesTheOrphansAndKeepsWhatIsWanted() {
        SliverNetworkConfig config = node.config(Map.of("spare-slots", String.valueOf(SPARES)));
        // Background work never runs: the agent "crashes" before removing anything it detached.
        // Without node-namespace it cannot prove where its netlink socket would be, so it runs nft.
        LinuxSliverNetwork crashed = new LinuxSliverNetwork(node.config(Map.of("spare-slots", String.valueOf(SPARES),
                "node-namespace", "")), node.nodeCommand(), task -> { });
        crashed.start();
        SliverNetworkHandle kept = crashed.attach(spec("kept", 1));
        crashed.attach(spec("orphan", 1));
        crashed.attach(spec("detached", 1));
        crashed.detach("detached");
        assertThat(crashed.netlinkTransactions()).isZero();

        LinuxSliverNetwork restarted = new LinuxSliverNetwork(config, node.nodeCommand(), background);
        restarted.start();
        restarted.reconcile(List.of(spec("kept", 1), spec("added", 1)));

        assertThat(restarted.handle("kept")).contains(kept);
        assertThat(restarted.handle("orphan")).isEmpty();
        assertThat(restarted.handle("detached")).isEmpty();
        SliverNetworkHandle added = restarted.handle("added").orElseThrow();
        assertThat(ping(kept)).isTrue();
        assertThat(ping(added)).isTrue();
        restarted.awaitBackgroundWork(Duration.ofSeconds(30));
        int slots = 2 + SPARES;
        assertThat(node.namespacesLeft()).filteredOn(name -> name.startsWith(node.namespacePrefix())).hasSize(slots);
        assertThat(sliverDevices()).hasSize(slots);
        assertThat(sliverClasses()).hasSize(slots);
        String table = nft("list", "table", "ip", "planetlab");
        assertThat(setElements(table, "assigned")).containsExactlyInAnyOrder(
                "\"" + kept.hostDevice() + "\" comment \"kept\"", "\"" + added.hostDevice() + "\" comment \"added\"");
        assertThat(table).doesNotContain("orphan").doesNotContain("\"detached\"");
        assertThat(setElements(table, "retired")).isEmpty();
        assertThat(setElements(table, "sources")).hasSize(slots);
        assertThat(setElements(table, "classes")).hasSize(slots);

        restarted.detach("kept");
        restarted.detach("added");
        restarted.close();

        assertThat(node.namespacesLeft()).filteredOn(name -> name.startsWith(node.namespacePrefix())).isEmpty();
        Eventually.within(Duration.ofSeconds(10), () -> assertThat(sliverDevices()).isEmpty());
        assertThat(nft("list", "tables")).doesNotContain("planetlab");
        assertThat(node.nodeCommand().run(List.of("tc", "qdisc", "show", "dev", "up0"))).doesNotContain("htb");
    }

    private List<String> sliverDevices() {
        return node.nodeCommand().run(List.of("ip", "-o", "link", "show")).lines()
                .map(line -> line.split(":\\s+")[1].split("@")[0])
                .filter(name -> name.matches("plv\\d+")).toList();
    }

    /** Classes other than the root (1:1) and the node's own (1:2). */
    private List<String> sliverClasses() {
        return node.nodeCommand().run(List.of("tc", "class", "show", "dev", "up0")).lines()
                .filter(line -> line.startsWith("class htb") && !line.startsWith("class htb 1:1 ") && !line.startsWith("class htb 1:2 "))
                .toList();
    }

    private String nft(String... arguments) {
        List<String> command = new ArrayList<>(List.of("nft"));
        command.addAll(List.of(arguments));
        return node.nodeCommand().run(command);
    }

    /** The elements of a set or map as {@code nft list} prints them, one per entry. */
    private static List<String> setElements(String table, String set) {
        int start = table.indexOf(" " + set + " {");
        String body = table.substring(start, table.indexOf("\n\t}", start));
        int elements = body.indexOf("elements = {");
        if (elements < 0) {
            return List.of();
        }
        String list = body.substring(elements + "elements = {".length(), body.lastIndexOf('}'));
        return List.of(list.split(",")).stream().map(String::strip).filter(element -> !element.isEmpty()).toList();
    }

    private boolean ping(SliverNetworkHandle from) {
        return node.in(from.namespacePath()).runAllowingFailure(List.of("ping", "-n", "-q", "-c", "1", "-W", "1",
                TestingNode.INTERNET_ADDRESS), null).exitCode() == 0;
    }
}
