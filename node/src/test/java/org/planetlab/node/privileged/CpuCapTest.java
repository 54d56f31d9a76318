package org.planetlab.node.privileged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.node.manager.Caller;
import org.planetlab.node.sliver.SliverUsage;

/**
 * Privileged: {@code cpu_cap} holds a busy sliver to its fraction of the node, measured from the
 * cgroup's CPU time, shows in its usage, and changes on the running sliver without a restart.
 */
@Privileged
class CpuCapTest {
    /** Scheduling noise allowed over the cap, in percent of one CPU. */
    private static final double TOLERANCE = 5;
    private static TestingNodeAgent node;

    @BeforeAll
    static void startAgent() {
        node = TestingNodeAgent.start();
    }

    @AfterAll
    static void stopAgent() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void busyLoopStaysUnderItsCapAndTheCapChangesInPlace() throws Exception {
        node.createSliver("cpu_capped", Map.of(RspecAttribute.CPU_CAP, "20"));
        Path cpu = Path.of("/sys/fs/cgroup/cpu", node.prefix, "cpu_capped");
        assertThat(Files.readString(cpu.resolve("cpu.cfs_quota_us")).strip()).isEqualTo("20000");
        String loop = "(sh -c 'while :; do :; done' </dev/null >/dev/null 2>&1 &); ";
        node.sh("cpu_capped", loop + loop + "true");
        await("two busy loops run").atMost(Duration.ofSeconds(10)).until(() -> loops(cpu).size() == 2);
        List<String> processes = loops(cpu);

        double capped = percentOfOneCpu("cpu_capped", Duration.ofSeconds(3));
        assertThat(capped).as("two busy loops under a 20%% cap use at most 20%% of one CPU").isLessThanOrEqualTo(20 + TOLERANCE);
        assertThat(capped).as("the loops did run").isGreaterThan(2);
        SliverUsage usage = node.agent.manager().usage(Caller.HOST_ROOT, "cpu_capped");
        assertThat(usage.cpuCapPercent()).isEqualTo(20);
        assertThat(usage.cpuThrottledNanoseconds()).as("the cap held the loops back").isPositive();

        String rcap = node.agent.manager().createPool(Caller.HOST_ROOT,
                new Rspec(Map.of(RspecAttribute.CPU_CAP, "50"), List.of(), "", ""), "plc.scs");
        node.agent.manager().bind(rcap, "cpu_capped", Rspec.EMPTY);
        assertThat(Files.readString(cpu.resolve("cpu.cfs_quota_us")).strip()).isEqualTo("50000");
        assertThat(loops(cpu)).as("the same loops, not restarted").isEqualTo(processes);
        double raised = percentOfOneCpu("cpu_capped", Duration.ofSeconds(3));
        assertThat(raised).isLessThanOrEqualTo(50 + TOLERANCE);
        assertThat(node.agent.manager().usage(Caller.HOST_ROOT, "cpu_capped").cpuCapPercent()).isEqualTo(50);

        node.agent.manager().stopVm(Caller.HOST_ROOT, "cpu_capped");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(cpu.resolve("cgroup.procs")).isBlank());
    }

    @Test
    void capBelowTheGuaranteeIsRaisedToIt() throws IOException {
        node.createSliver("cpu_guaranteed", Map.of(RspecAttribute.CPU_CAP, "10", RspecAttribute.CPU_GUARANTEE, "30"));
        Path cpu = Path.of("/sys/fs/cgroup/cpu", node.prefix, "cpu_guaranteed");
        assertThat(Files.readString(cpu.resolve("cpu.cfs_quota_us")).strip()).isEqualTo("30000");
        node.createSliver("cpu_uncapped");
        assertThat(Files.readString(Path.of("/sys/fs/cgroup/cpu", node.prefix, "cpu_uncapped", "cpu.cfs_quota_us")).strip())
                .isEqualTo("-1");
    }

    /** The host pids of the busy loops in the cgroup, from their command lines. */
    private static List<String> loops(Path cgroup) throws IOException {
        List<String> loops = new ArrayList<>();
        for (String pid : Files.readString(cgroup.resolve("cgroup.procs")).lines().sorted().toList()) {
            try {
                if (Files.readString(Path.of("/proc", pid, "cmdline")).contains("while :")) {
                    loops.add(pid);
                }
            } catch (NoSuchFileException e) {
                // Ended between the two reads: not a loop, which never ends.
            }
        }
        return loops;
    }

    /** The sliver's CPU use over {@code window}, from its cgroup's CPU time, in percent of one CPU. */
    private static double percentOfOneCpu(String sliver, Duration window) throws IOException, InterruptedException {
        Path usage = Path.of("/sys/fs/cgroup/cpuacct", node.prefix, sliver, "cpuacct.usage");
        long cpuBefore = Long.parseLong(Files.readString(usage).strip());
        long wallBefore = System.nanoTime();
        // The measurement itself is a wait of fixed length, not a wait for a condition.
        Thread.sleep(window);
        long cpuAfter = Long.parseLong(Files.readString(usage).strip());
        long wallAfter = System.nanoTime();
        return 100.0 * (cpuAfter - cpuBefore) / (wallAfter - wallBefore);
    }
}
