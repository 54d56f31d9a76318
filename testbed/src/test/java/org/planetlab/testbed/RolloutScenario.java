package org.planetlab.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.planetlab.api.client.PlcClient;
import org.planetlab.boot.manager.NodeDisk;

/**
 * Rolling the real node software out on a testbed's nodes (docs/updates.md): a release with new
 * agent software (the agent's jar of the build, its manifest naming another version, carried in
 * the release and run from it) reaches every node in two waves, whose heartbeats then name that
 * version; a broken one (its agent refuses its configuration, so it never becomes ready) stops
 * after the first wave, that node goes back by itself, and one rollback takes every node to the
 * good release's files and agent again. The demo slice's sliver runs on every node before, during
 * and after: the same process throughout, since slivers are not the agent's processes.
 */
final class RolloutScenario {
    /** An agent restart on a loaded machine, the release check that notices it (5 s) and PLC's gate. */
    private static final Duration STEP = Duration.ofSeconds(150);
    /** What the new release's agent says it is: its jar's manifest, not the build's. */
    static final String NEW_AGENT_VERSION = "testbed-rollout-1";

    private final PlcClient operator;
    private final TestbedLayout layout;
    private final SshProbe ssh;

    RolloutScenario(PlcClient operator, TestbedLayout layout) {
        this.operator = operator;
        this.layout = layout;
        this.ssh = new SshProbe(layout.demoDir().resolve("id_ed25519"));
    }

    void run() {
        List<TestbedLayout.TestbedNode> nodes = layout.nodes();
        assertThat(nodes).hasSize(3);
        long installed = release(nodes.getFirst()).orElseThrow();
        assertThat(nodes).allSatisfy(node -> assertThat(release(node)).contains(installed));
        List<String> slivers = nodes.stream().map(this::sliverStart).toList();
        assertThat(agentVersion(nodes.getFirst())).as("the build's agent, told its release").endsWith(" release " + installed);
        String buildVersion = agentVersion(nodes.getFirst()).replaceFirst(" release [0-9]+$", "");
        assertThat(buildVersion).isNotEqualTo(NEW_AGENT_VERSION);

        Map<String, byte[]> files = installedFiles(nodes.getFirst());
        Map<String, byte[]> newAgent = new LinkedHashMap<>(files);
        newAgent.putAll(NewAgentSoftware.files(text(files.get(NodeDisk.AGENT_LAUNCHER)), NEW_AGENT_VERSION));
        long good = publish("testbed node agent " + NEW_AGENT_VERSION, newAgent);
        List<String> waves = List.of("nodes:" + nodes.getFirst().hostname(), "rest");
        operator.call("StartRollout", good, waves, 600);
        await("release " + good + " on every node in two waves", () -> "completed".equals(newestRollout().get("state")));
        assertThat(nodes).allSatisfy(node -> assertThat(release(node)).contains(good));
        assertThat((List<?>) newestRollout().get("waves")).hasSize(2)
                .allSatisfy(wave -> assertThat((List<?>) ((Map<?, ?>) wave).get("passed")).isNotEmpty());
        assertThat(nodes.stream().map(this::sliverStart).toList()).as("the slivers ran on through the agents' restarts")
                .isEqualTo(slivers);
        for (TestbedLayout.TestbedNode node : nodes) {
            await("the new agent software runs on " + node.hostname() + ": its heartbeats name its version, not the build's "
                    + buildVersion, () -> agentVersion(node).equals(NEW_AGENT_VERSION + " release " + good));
        }

        Map<String, byte[]> broken = new LinkedHashMap<>(newAgent);
        broken.put(NodeDisk.AGENT_DEFAULTS, text(files.get(NodeDisk.AGENT_DEFAULTS)).replaceAll("(?m)^boot-check-seconds = .*$",
                "boot-check-seconds = 0").getBytes(StandardCharsets.UTF_8));
        assertThat(text(broken.get(NodeDisk.AGENT_DEFAULTS))).contains("boot-check-seconds = 0");
        long bad = publish("testbed node agent, broken", broken);
        operator.call("StartRollout", bad, waves, 600);
        await("the broken release stopped after its first wave", () -> "paused".equals(newestRollout().get("state")));
        Map<String, Object> paused = newestRollout();
        assertThat(paused.get("wave")).as("stopped in the first wave").isEqualTo(0L);
        assertThat((String) paused.get("reason")).contains(nodes.getFirst().hostname()).contains("release " + bad);
        Path first = nodes.getFirst().directory();
        assertThat(release(nodes.getFirst())).as("the first node went back by itself").contains(good);
        assertThat(read(first.resolve("agent.log"))).contains("boot-check-seconds");
        assertThat(read(first.resolve("releases").resolve("failed-releases"))).contains(Long.toString(bad));
        assertThat(nodes.subList(1, 3)).as("the second wave never got the broken release")
                .allSatisfy(node -> assertThat(release(node)).contains(good));
        await("the first node's sliver reachable again under the restored agent",
                () -> ssh.canLogIn(TestbedSeed.SLICE, nodes.getFirst().address()));

        long rollback = (Long) operator.call("RollbackRelease");
        assertThat(rollback).isGreaterThan(bad);
        await("every node on the rollback release " + rollback, () -> nodes.stream().allMatch(node -> release(node).orElse(0L) == rollback));
        assertThat(newestRollout()).containsEntry("state", "rolled_back").containsEntry("rollback_release", rollback);
        for (TestbedLayout.TestbedNode node : nodes) {
            await("the demo sliver reachable on " + node.hostname(), () -> ssh.canLogIn(TestbedSeed.SLICE, node.address()));
            await("the good release's agent back on " + node.hostname(), () -> agentVersion(node).equals(NEW_AGENT_VERSION
                    + " release " + rollback));
        }
        assertThat(nodes.stream().map(this::sliverStart).toList()).as("the same slivers before, during and after")
                .isEqualTo(slivers);
    }

    /** The files of the release the node runs: the testbed's agent launcher, its defaults and the owner script. */
    private static Map<String, byte[]> installedFiles(TestbedLayout.TestbedNode node) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : List.of(NodeDisk.AGENT_LAUNCHER, NodeDisk.AGENT_DEFAULTS, NodeAgentFiles.OWNER_SCRIPT)) {
            try {
                files.put(name, Files.readAllBytes(node.directory().resolve("software").resolve(name)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    private long publish(String label, Map<String, byte[]> files) {
        List<Object> wire = new ArrayList<>();
        files.forEach((name, content) -> wire.add(Map.of("name", name, "content", Base64.getEncoder().encodeToString(content))));
        return (Long) operator.call("AddRelease", label, wire);
    }

    /** What the node's agent says it is in its latest heartbeat at PLC ("VERSION release N"), or "" before one. */
    private String agentVersion(TestbedLayout.TestbedNode node) {
        Map<?, ?> status = (Map<?, ?>) ((List<?>) operator.call("GetNodeStatus", List.of(node.hostname()))).getFirst();
        return status.get("heartbeat") instanceof Map<?, ?> heartbeat ? String.valueOf(heartbeat.get("agent_version")) : "";
    }

    private static String text(byte[] content) {
        return new String(content, StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> newestRollout() {
        return (Map<String, Object>) ((List<?>) operator.call("GetRollouts")).getFirst();
    }

    /** When the demo sliver's init started (jiffies since the machine booted): the same number is the same process. */
    private String sliverStart(TestbedLayout.TestbedNode node) {
        return ssh.run(TestbedSeed.SLICE, node.address(), "cut -d' ' -f22 /proc/1/stat").stdout().strip();
    }

    private static Optional<Long> release(TestbedLayout.TestbedNode node) {
        Path marker = node.directory().resolve("software").resolve(".release-number");
        try {
            return Files.isRegularFile(marker) ? Optional.of(Long.parseLong(Files.readString(marker).strip())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for {@code condition}; a timeout says where the rollout stands and what each node's heartbeats say. */
    private void await(String what, java.util.concurrent.Callable<Boolean> condition) {
        try {
            Awaitility.await(what).atMost(STEP).pollInterval(Duration.ofMillis(500)).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; rollout " + newestRollout() + "; nodes " + operator.call("GetNodeStatus",
                    layout.nodes().stream().map(node -> (Object) node.hostname()).toList()), e);
        }
    }
}
