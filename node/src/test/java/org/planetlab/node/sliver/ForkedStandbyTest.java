package org.planetlab.node.sliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.privileged.Privileged;

/**
 * Privileged (root only): standby runners forked by the {@code hold-mounts} runner rather than
 * started by the JVM. Each talks to the agent over its socket, holds no descriptor beyond that
 * connection and the host's root and mount namespace, and serves no process but the agent.
 */
@Privileged(hostTools = false)
class ForkedStandbyTest {
    @TempDir
    Path directory;
    private SliverRunner runner;

    @BeforeEach
    void install() {
        runner = SliverRunner.install(directory.resolve("sliver-runner"));
    }

    @AfterEach
    void close() {
        runner.close();
    }

    @Test
    void aForkedStandbyAnswersOverItsSocket() {
        // Not on btrfs: the standby's preparation fails once it took the connection, and says so over it.
        StandbyRunner standby = runner.standby(List.of("standby", "--disk", directory.resolve("no-such-disk").toString()),
                directory.resolve("spare.sock"));
        assertThatThrownBy(standby::awaitReady).isInstanceOf(PlanetLabException.class)
                .hasMessageContaining("the standby sliver runner failed").hasMessageContaining("no-such-disk");
        assertThat(Files.exists(directory.resolve("spare.sock"))).as("the socket is removed once taken").isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> !standby.alive());
    }

    @Test
    void aStandbyServesOnlyTheAgent() throws Exception {
        Path socket = directory.resolve("foreign.sock");
        Path holderErrors = directory.resolve("holder-errors");
        Process holder = new ProcessBuilder(runner.binary().toString(), "hold-mounts").redirectError(holderErrors.toFile()).start();
        try {
            var answers = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(answers.readLine()).isEqualTo("ready");
            holder.getOutputStream().write(("standby\t" + socket + "\t--disk\t" + directory.resolve("disk") + "\n").getBytes(StandardCharsets.UTF_8));
            holder.getOutputStream().flush();
            long standby = Long.parseLong(answers.readLine());
            assertThat(ProcessHandle.of(standby)).isPresent();

            // Another process (here the runner's own socket relay) connects first: the standby ends, unused.
            Process intruder = new ProcessBuilder(runner.binary().toString(), "connect", socket.toString()).redirectErrorStream(true).start();
            intruder.getOutputStream().write("start\t--name\tx\n".getBytes(StandardCharsets.UTF_8));
            // The relay ends at the end of its input or when the standby drops the connection,
            // whichever it sees first: close the input so that the order does not matter.
            intruder.getOutputStream().close();
            assertThat(intruder.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(intruder.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).doesNotContain("ready");
            await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(standby).map(p -> !p.isAlive()).orElse(true));
            assertThat(Files.readString(holderErrors)).contains("a process other than the agent connected to " + socket);
        } finally {
            holder.getOutputStream().close();
            holder.waitFor(10, TimeUnit.SECONDS);
            holder.destroyForcibly();
        }
    }
}
