package org.planetlab.node.privileged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.node.manager.Caller;

/** Privileged: the RSpec's limits hold against a sliver trying to exceed them. */
@Privileged
class SliverLimitsTest {
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
    void memoryLimitHolds() throws Exception {
        node.createSliver("mem_hog", Map.of(RspecAttribute.MEM_LIMIT, "32"));
        TestingNodeAgent.Result result = node.sh("mem_hog", "awk 'BEGIN { s = \"0123456789\"; while (1) s = s s }'");
        assertThat(result.exitCode()).as("the hog was killed").isEqualTo(137);
        Path memory = Path.of("/sys/fs/cgroup/memory", node.prefix, "mem_hog");
        long peak = Long.parseLong(Files.readString(memory.resolve("memory.max_usage_in_bytes")).strip());
        assertThat(peak).isLessThanOrEqualTo(32L * 1024 * 1024);
        assertThat(node.sh("mem_hog", "echo alive").output()).isEqualTo("alive\n");
    }

    @Test
    void forkBombIsContainedByThePidsLimit() throws Exception {
        node.createSliver("fork_bomb", Map.of(RspecAttribute.PIDS_LIMIT, "64"));
        Path pids = Path.of("/sys/fs/cgroup/pids", node.prefix, "fork_bomb");
        TestingNodeAgent.Result flood = node.sh("fork_bomb",
                "i=0; while [ $i -lt 200 ]; do sleep 600 </dev/null >/dev/null 2>&1 & i=$((i+1)); done; echo spawned");
        assertThat(flood.output()).contains("can't fork");
        assertThat(Long.parseLong(Files.readString(pids.resolve("pids.current")).strip())).isLessThanOrEqualTo(64);
        node.sh("fork_bomb", "killall sleep; nohup sh -c 'bomb() { bomb | bomb & }; bomb' >/dev/null 2>&1 &");
        await().atMost(Duration.ofSeconds(10)).until(() -> Long.parseLong(Files.readString(pids.resolve("pids.current")).strip()) > 1);
        assertThat(Long.parseLong(Files.readString(pids.resolve("pids.current")).strip())).isLessThanOrEqualTo(64);
        node.agent.manager().stopVm(Caller.HOST_ROOT, "fork_bomb");
        assertThat(Files.readString(pids.resolve("cgroup.procs"))).isBlank();
    }

    @Test
    void diskQuotaStopsWrites() {
        node.createSliver("disk_hog", Map.of(RspecAttribute.DISK_QUOTA, "20"));
        TestingNodeAgent.Result write = node.sh("disk_hog", "dd if=/dev/zero of=/root/big bs=1M count=60 2>&1; sync");
        assertThat(write.output()).contains("Disk quota exceeded");
        long written = Long.parseLong(node.sh("disk_hog", "stat -c %s /root/big").output().strip());
        assertThat(written).isLessThanOrEqualTo(20L * 1024 * 1024);
    }

    @Test
    void openFilesLimitApplies() {
        node.createSliver("fd_hog", Map.of(RspecAttribute.NOFILE_LIMIT, "256"));
        assertThat(node.sh("fd_hog", "ulimit -n").output().strip()).isEqualTo("256");
    }
}
