package org.planetlab.node.privileged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.node.manager.Caller;
import org.planetlab.node.sliver.LinuxSliverRuntime;
import org.planetlab.node.sliver.SliverUsage;
import org.planetlab.node.state.VmRecord;

/**
 * Privileged: on cgroup v1 a destroyed sliver's cgroups serve a later sliver, which must see
 * none of the earlier one's usage or limits.
 */
@Privileged
class CgroupReuseTest extends AgentPerTest {
    private static final Path MEMORY = Path.of("/sys/fs/cgroup/memory");

    @BeforeAll
    static void needsCgroupV1Memory() {
        assumeTrue(Files.exists(MEMORY.resolve("memory.force_empty")), "a cgroup v1 memory hierarchy at " + MEMORY);
    }

    @Test
    void aSliverOnADestroyedSliversCgroupsStartsFromNothing() throws Exception {
        VmRecord old = node.createSliver("heavy_old", Map.of(RspecAttribute.MEM_LIMIT, "256"));
        assertThat(node.sh("heavy_old", "head -c 16000000 /dev/zero > /dev/shm/fill; i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done")
                .exitCode()).isZero();
        Path oldMemory = MEMORY.resolve(node.prefix).resolve("heavy_old");
        Object inode = Files.getAttribute(oldMemory, "unix:ino");
        long oldPeak = Long.parseLong(Files.readString(oldMemory.resolve("memory.max_usage_in_bytes")).strip());
        SliverUsage oldUsage = runtime().usage(old);
        assertThat(oldPeak).isGreaterThan(16_000_000);
        assertThat(oldUsage.cpuNanoseconds()).isGreaterThan(100_000_000L);

        node.agent.manager().destroyVm(Caller.HOST_ROOT, "heavy_old");
        await().atMost(Duration.ofSeconds(30)).until(() -> node.agent.manager().recordedVms().stream()
                .noneMatch(vm -> vm.name().equals("heavy_old")));

        // The spares made before the destroy are taken first; the one made on the old cgroups follows.
        List<VmRecord> later = new ArrayList<>();
        VmRecord reuser = null;
        for (int count = 0; count <= LinuxSliverRuntime.DEFAULT_SPARES + 1 && reuser == null; count++) {
            runtime().awaitSpares(Duration.ofSeconds(30));
            VmRecord vm = node.createSliver("light_" + count, Map.of(RspecAttribute.MEM_LIMIT, "64"));
            later.add(vm);
            if (Files.getAttribute(MEMORY.resolve(node.prefix).resolve(vm.name()), "unix:ino").equals(inode)) {
                reuser = vm;
            }
        }
        assertThat(reuser).as("a later sliver got the destroyed sliver's memory cgroup").isNotNull();

        Path memory = MEMORY.resolve(node.prefix).resolve(reuser.name());
        assertThat(Files.readString(memory.resolve("memory.limit_in_bytes")).strip()).isEqualTo(Long.toString(64L * 1024 * 1024));
        assertThat(Long.parseLong(Files.readString(memory.resolve("memory.max_usage_in_bytes")).strip())).isLessThan(oldPeak / 2);
        assertThat(Files.readString(memory.resolve("memory.failcnt")).strip()).isEqualTo("0");
        SliverUsage usage = runtime().usage(reuser);
        assertThat(usage.cpuNanoseconds()).isLessThan(oldUsage.cpuNanoseconds() / 2);
        assertThat(usage.memoryBytes()).isLessThan(oldPeak / 2);
        assertThat(node.sh(reuser.name(), "ls /dev/shm; echo alive").output()).isEqualTo("alive\n");
    }

    private LinuxSliverRuntime runtime() {
        return node.agent.runtime();
    }
}
