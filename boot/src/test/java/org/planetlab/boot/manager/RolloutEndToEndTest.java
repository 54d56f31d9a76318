package org.planetlab.boot.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.client.PlcClient;
import org.planetlab.boot.medium.BootMedium;
import org.planetlab.node.release.AgentReadiness;
import org.planetlab.plc.auth.SignedNodeRequests;
import org.planetlab.plc.testing.AgentHeartbeat;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;
import org.planetlab.trust.node.PlnodeFile;

/**
 * Three nodes booted by their boot managers from a real PLC over TLS (signed node requests, the
 * source-address check, signed releases verified against the medium's roots), each watched by
 * its {@link ReleaseSupervisor}. A good release rolls out in two waves and reaches every node,
 * the slivers running on through the agents' restarts; a broken release (its agent kills its
 * sliver and exits during the health check) reaches the first wave only: that node goes back by
 * itself, its previous agent brings the sliver back, PLC pauses the rollout, and one rollback
 * takes every node to the earlier files. An agent killed during a later rollout is started again
 * by its supervisor, and PLC pauses that rollout for the crash although the new agent is healthy.
 *
 * <p>The agent here is the release's launcher script, standing in for the node agent: it keeps one
 * "sliver" (a process that outlives the agent, as slivers do), starts it again when it is gone
 * (as the agent's reconcile does) and writes the agent's readiness file; the test sends the
 * heartbeats of each node's agent, naming the release its boot manager told it.
 */
class RolloutEndToEndTest {
    private static final Clock CLOCK = Clock.systemUTC();
    private static final String GOOD_AGENT = """
            #!/bin/sh
            # release %s
            disk="$(dirname "$0")/.."
            mkdir -p "$disk/state"
            pid=$(cat "$disk/sliver.pid" 2>/dev/null)
            state=$([ -n "$pid" ] && cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null)
            if [ -z "$state" ] || [ "$state" = Z ]; then
              setsid sleep 600 </dev/null >/dev/null 2>&1 &
              echo $! > "$disk/sliver.pid"
            fi
            echo "$PLANETLAB_RELEASE" > "$disk/agent-release"
            printf 'slivers=1\\nconverged=true\\n' > "$disk/state/agent-ready"
            exec sleep 600
            """;
    private static final String BROKEN_AGENT = """
            #!/bin/sh
            disk="$(dirname "$0")/.."
            kill "$(cat "$disk/sliver.pid")"
            echo "cannot start: configuration version 7 unknown" >&2
            exit 1
            """;

    @TempDir
    Path work;

    private final List<ReleaseSupervisor> supervisors = new ArrayList<>();
    private final List<NodeDisk> disks = new ArrayList<>();
    private final List<PlcClient> nodeClients = new ArrayList<>();

    @AfterEach
    void stopAgentsAndSlivers() throws Exception {
        for (ReleaseSupervisor supervisor : supervisors) {
            supervisor.agent().destroyForcibly().waitFor();
        }
        for (NodeDisk disk : disks) {
            sliver(disk).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aGoodReleaseReachesEveryNodeAndABrokenOneStopsAfterTheFirstWaveAndIsRolledBack() throws Exception {
        try (TestingPlc testing = TestingPlc.startWithTls(StoreKind.SQLITE, CLOCK, new SignedNodeRequests(CLOCK, true))) {
            PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
            Registry registry = new Registry(operator);
            long site = registry.site("rolling");
            PlcClient tech = operator.as(registry.person("tech@rolling.org", "tech", site));
            publish(operator, "good-1", GOOD_AGENT.formatted("1"));
            BootMedium medium = BootMedium.write(work.resolve("medium"), testing.uri(), testing.plc().trust().tlsCaCertificate(),
                    testing.plc().trust().directory().resolve("roots"));
            for (int index = 1; index <= 3; index++) {
                long nodeId = registry.node(site, "n" + index + ".rolling.org", "127.0.0.1");
                Path plnode = work.resolve("plnode-" + index + ".txt");
                PlnodeFile.write(plnode, PlnodeFile.parse((String) tech.call("GenerateNodeConfFile", nodeId, false)));
                NodeDisk disk = new NodeDisk(work.resolve("node-" + index));
                disks.add(disk);
                BootManager manager = new BootManager(medium, plnode, disk, Optional.empty(), 0, AgentStarter.PROCESS, CLOCK,
                        new SecureRandom());
                nodeClients.add(new BootServer(medium, PlnodeFile.read(plnode), Optional.empty(), CLOCK, new SecureRandom()).client());
                BootOutcome outcome = manager.boot();
                supervisors.add(manager.supervise(outcome.agent().orElseThrow(), Duration.ofSeconds(10)));
            }
            for (NodeDisk disk : disks) {
                awaitReady(disk);
            }
            checkEveryNode();
            assertThat(disks).as("each agent was told its release").allSatisfy(disk ->
                    assertThat(Files.readString(disk.root().resolve("agent-release")).strip()).isEqualTo("1"));
            List<Long> slivers = disks.stream().map(disk -> sliver(disk).orElseThrow()).toList();

            publish(operator, "good-2", GOOD_AGENT.formatted("2"));
            operator.call("StartRollout", 2, List.of("nodes:n1.rolling.org", "rest"), 300);
            checkNode(1);
            assertThat(disks.get(1).installedRelease()).as("n2's wave is not open yet").contains(1L);
            supervisors.getFirst().check();
            assertThat(disks.getFirst().installedRelease()).contains(2L);
            assertThat(status(operator)).as("n1's agent has not sent a heartbeat on release 2 yet").containsEntry("wave", 0L);
            checkNode(0);
            assertThat(status(operator)).as("n1 reported release 2 healthy: the second wave opened")
                    .containsEntry("state", "running").containsEntry("wave", 1L);
            checkEveryNode();
            assertThat(status(operator)).containsEntry("state", "completed");
            assertThat(disks).allSatisfy(disk -> assertThat(disk.installedRelease()).contains(2L));
            assertThat(disks.stream().map(disk -> sliver(disk).orElseThrow()).toList())
                    .as("the slivers ran on through the agents' restarts").isEqualTo(slivers);
            assertThat(slivers).allSatisfy(pid -> assertThat(alive(pid)).isTrue());

            publish(operator, "broken-3", BROKEN_AGENT);
            operator.call("StartRollout", 3, List.of("nodes:n1.rolling.org", "rest"), 300);
            checkEveryNode();
            Map<String, Object> stopped = status(operator);
            assertThat(stopped).as("stopped after the first wave").containsEntry("state", "paused").containsEntry("wave", 0L);
            assertThat((String) stopped.get("reason")).contains("n1.rolling.org rolled release 3 back by itself")
                    .contains("exited with status 1");
            NodeDisk first = disks.getFirst();
            assertThat(first.installedRelease()).as("n1 went back by itself").contains(2L);
            assertThat(first.failedReleases()).containsExactly(3L);
            assertThat(Files.readString(first.agentLog())).contains("configuration version 7 unknown");
            assertThat(alive(slivers.getFirst())).as("the broken agent killed n1's sliver").isFalse();
            assertThat(sliver(first)).as("n1's previous agent brought its sliver back")
                    .hasValueSatisfying(pid -> assertThat(alive(pid)).isTrue());
            assertThat(disks.subList(1, 3)).as("the second wave never got release 3")
                    .allSatisfy(disk -> assertThat(disk.installedRelease()).contains(2L));

            assertThat(operator.call("RollbackRelease")).as("release 2's files, as release 4").isEqualTo(4L);
            checkEveryNode();
            assertThat(status(operator)).containsEntry("state", "rolled_back").containsEntry("rollback_release", 4L);
            assertThat(disks).allSatisfy(disk -> {
                assertThat(disk.installedRelease()).contains(4L);
                assertThat(sliver(disk)).hasValueSatisfying(pid -> assertThat(alive(pid)).isTrue());
                assertThat(Files.readString(disk.software().resolve(NodeDisk.AGENT_LAUNCHER))).contains("# release 2");
            });
            assertThat(supervisors).allSatisfy(supervisor -> assertThat(supervisor.agent().isAlive()).isTrue());

            publish(operator, "good-5", GOOD_AGENT.formatted("5"));
            operator.call("StartRollout", 5, List.of("nodes:n2.rolling.org", "rest"), 300);
            supervisors.get(1).check();
            assertThat(disks.get(1).installedRelease()).contains(5L);
            long sliverBefore = sliver(disks.get(1)).orElseThrow();
            supervisors.get(1).agent().destroyForcibly().waitFor();
            supervisors.get(1).check();
            assertThat(supervisors.get(1).agent().isAlive()).as("the supervisor started the killed agent again").isTrue();
            assertThat(sliver(disks.get(1))).as("the sliver ran on through the crash").contains(sliverBefore);
            Map<String, Object> crashed = status(operator);
            assertThat(crashed).as("the crash is held against release 5").containsEntry("state", "paused").containsEntry("wave", 0L);
            assertThat((String) crashed.get("reason")).contains("n2.rolling.org: its agent on release 5 crashed (exit status 137)");
            supervisors.get(1).stop();
            supervisors.get(1).check();
            assertThat(supervisors.get(1).agent().isAlive()).as("an agent stopped with its boot manager is not started again")
                    .isFalse();
        }
    }

    /** One release check on every node, in turn, as their jittered schedules would spread them. */
    private void checkEveryNode() {
        for (int index = 0; index < supervisors.size(); index++) {
            checkNode(index);
        }
    }

    /**
     * A release check on one node, then its agent's heartbeat (naming the release the boot
     * manager told the agent, as the node agent's do) and the next check, whose report has PLC
     * check the rollout's gates with that heartbeat.
     */
    private void checkNode(int index) {
        supervisors.get(index).check();
        String release;
        try {
            release = Files.readString(disks.get(index).root().resolve("agent-release")).strip();
        } catch (IOException e) {
            release = "unknown";
        }
        nodeClients.get(index).call("ReportHeartbeat", AgentHeartbeat.of(CLOCK, "test-agent release " + release, List.of()));
        supervisors.get(index).check();
    }

    private static void awaitReady(NodeDisk disk) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (AgentReadiness.read(disk.state()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(AgentReadiness.read(disk.state())).as("the booted agent of " + disk.root() + " is ready").isPresent();
    }

    private static Map<String, Object> status(PlcClient operator) {
        return Registry.rows(operator.call("GetRollouts")).getFirst();
    }

    private static void publish(PlcClient operator, String label, String launcher) {
        operator.call("AddRelease", label, List.of(Map.of("name", NodeDisk.AGENT_LAUNCHER, "content",
                Base64.getEncoder().encodeToString(launcher.getBytes(StandardCharsets.UTF_8)))));
    }

    private static Optional<Long> sliver(NodeDisk disk) {
        Path file = disk.root().resolve("sliver.pid");
        try {
            return Files.isRegularFile(file) ? Optional.of(Long.parseLong(Files.readString(file).strip())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Running, and not a zombie waiting for a parent that is gone (a killed sliver here has no reaper). */
    private static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }
}
