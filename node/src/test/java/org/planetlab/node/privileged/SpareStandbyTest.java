package org.planetlab.node.privileged;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.planetlab.node.sliver.LinuxSliverRuntime;

/**
 * Privileged: a node's spares wait in standby runners that the {@code hold-mounts} runner forked
 * (no process launched from the JVM per spare), each holding only its connection to the agent
 * and the host's root and mount namespace, and a create takes one.
 */
@Privileged
class SpareStandbyTest extends AgentPerTest {
    @Test
    void spareRunnersAreForkedByTheMountHolderAndHoldOnlyTheirConnection() throws Exception {
        node.agent.runtime().awaitSpares(Duration.ofSeconds(60));
        List<Long> standbys = standbys();
        assertThat(standbys).hasSize(LinuxSliverRuntime.DEFAULT_SPARES);
        for (long pid : standbys) {
            TreeSet<String> descriptors = new TreeSet<>();
            try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
                fds.forEach(fd -> descriptors.add(fd.getFileName() + " " + link(fd)));
            }
            assertThat(descriptors).as("descriptors of standby %d", pid).hasSize(5);
            String connection = descriptors.first().substring(2);
            assertThat(connection).startsWith("socket:[");
            assertThat(descriptors).contains("0 " + connection, "1 " + connection, "2 " + connection);
            assertThat(descriptors.stream().skip(3).map(descriptor -> descriptor.substring(descriptor.indexOf(' ') + 1)))
                    .anySatisfy(target -> assertThat(target).isEqualTo("/"))
                    .anySatisfy(target -> assertThat(target).startsWith("mnt:["));
        }

        node.createSliver("spare_taker", Map.of());
        assertThat(node.sh("spare_taker", "echo hello").output()).contains("hello");
        assertThat(standbys.stream().filter(pid -> Files.exists(Path.of("/proc", Long.toString(pid))))).hasSizeLessThan(standbys.size());
    }

    /** The standby runners: children of this agent's {@code hold-mounts} runner. */
    private List<Long> standbys() {
        String runner = node.base.resolve("run").resolve("sliver-runner") + " hold-mounts";
        List<Long> holders = new ArrayList<>();
        ProcessHandle.current().children().forEach(child -> {
            if (command(child.pid()).strip().equals(runner)) {
                holders.add(child.pid());
            }
        });
        assertThat(holders).as("this JVM's hold-mounts runner").hasSize(1);
        return ProcessHandle.of(holders.getFirst()).orElseThrow().children().map(ProcessHandle::pid).toList();
    }

    private static String command(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private static String link(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return "gone";
        }
    }
}
