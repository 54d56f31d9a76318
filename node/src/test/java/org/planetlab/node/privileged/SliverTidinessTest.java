package org.planetlab.node.privileged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Privileged: what a sliver shows of itself. Its process 1 is an init named {@code init} that
 * reaps orphans and passes the host's termination request on; neither its command line nor the
 * mount table names a path of the host.
 */
@Privileged
class SliverTidinessTest {
    private static final String SLIVER = "tidy_one";
    private static final String STOPPED = "tidy_two";
    private static TestingNodeAgent node;

    @BeforeAll
    static void createSlivers() {
        node = TestingNodeAgent.start();
        node.createSliver(SLIVER);
        node.createSliver(STOPPED);
    }

    @AfterAll
    static void removeSlivers() {
        if (node != null) {
            node.close();
        }
    }

    /** Paths of the host a sliver has no business seeing: the agent's directories and the image's. */
    private static List<String> hostPaths() {
        return List.of(node.base.toString(), node.config.runDirectory().toString(), node.config.stateDirectory().toString(),
                TestingNodeAgent.IMAGE.toString(), Path.of("").toAbsolutePath().toString());
    }

    @Test
    void processOneIsInitAndItsCommandLineNamesNoHostPath() {
        TestingNodeAgent.Result init = node.sh(SLIVER, "tr '\\0' '|' < /proc/1/cmdline; echo; cat /proc/1/comm; ps -o pid,args");
        assertThat(init.output()).startsWith("init|\ninit\n").contains("    1 init");
        hostPaths().forEach(path -> assertThat(init.output()).doesNotContain(path));
    }

    @Test
    void theMountTableNamesNoHostPath() {
        String mounts = node.sh(SLIVER, "cat /proc/self/mountinfo /proc/mounts").output();
        assertThat(mounts).contains("lowerdir=lower,upperdir=upper,workdir=work").contains(" /planetlab/" + SLIVER + " /.planetlab ")
                .contains(" /node-manager.sock /.planetlab/node-manager.sock ");
        hostPaths().forEach(path -> assertThat(mounts).as(mounts).doesNotContain(path));
        assertThat(node.sh(SLIVER, "cat /.planetlab/slice").output()).isEqualTo(SLIVER + "\n");
    }

    @Test
    void aZombieWhoseParentDiesIsReapedByInit() {
        node.sh(SLIVER, "(sh -c 'sleep 0 & exec sleep 1000' </dev/null >/dev/null 2>&1 &); true");
        await("a zombie made in the sliver").atMost(Duration.ofSeconds(10)).until(() -> !zombies().isBlank());
        String parent = node.sh(SLIVER, "sed -n 's/^PPid:[[:space:]]*//p' " + zombies().lines().findFirst().orElseThrow()).output().strip();
        assertThat(parent).isNotEqualTo("1");
        assertThat(node.sh(SLIVER, "kill -9 " + parent).exitCode()).isZero();
        await("init reaped the orphaned zombie").atMost(Duration.ofSeconds(10)).until(() -> zombies().isBlank());
    }

    private static String zombies() {
        return node.sh(SLIVER, "grep -l '^State:[[:space:]]*Z' /proc/[0-9]*/status 2>/dev/null; true").output();
    }

    @Test
    void aTerminationRequestFromTheHostReachesTheSliversProcesses() {
        node.sh(STOPPED, "(sh -c 'trap \"echo terminated > /root/term; exit 0\" TERM; echo ready > /root/ready;"
                + " while true; do sleep 1; done' </dev/null >/dev/null 2>&1 &); true");
        await("the process that waits for SIGTERM").atMost(Duration.ofSeconds(10))
                .until(() -> node.sh(STOPPED, "cat /root/ready").output().equals("ready\n"));
        long init = node.agent.runtime().initPid(STOPPED).orElseThrow();
        assertThat(node.sh(STOPPED, "kill -TERM 1; sleep 0.2; echo alive").output()).as("a signal from inside does not end init")
                .isEqualTo("alive\n");
        assertThat(ProcessHandle.of(init)).isPresent();

        ProcessHandle.of(init).orElseThrow().destroy();

        await("init ended after its children").atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(init).map(handle -> !handle.isAlive()).orElse(true));
        Path written = node.base.resolve("run/disk/slivers/" + STOPPED + "/upper/root/term");
        assertThat(written).exists();
        assertThat(Files.exists(written) ? readString(written) : "").isEqualTo("terminated\n");
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
