package org.planetlab.node.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

class StateLockTest {
    @TempDir
    Path state;

    @Test
    void aSecondAgentInTheSameProcessIsRefusedUntilTheFirstLetsGo() {
        StateLock first = StateLock.acquire(state);
        assertThatThrownBy(() -> StateLock.acquire(state))
                .isInstanceOf(PlanetLabException.class)
                .satisfies(e -> assertThat(((PlanetLabException) e).code()).isEqualTo(ErrorCode.IN_USE))
                .hasMessageContaining(state.toString()).hasMessageContaining("this process");
        first.close();
        first.close();
        StateLock.acquire(state).close();
    }

    @Test
    void anAgentInAnotherProcessIsNamedAndItsDeathFreesTheDirectory() throws Exception {
        Process holder = startHolder();
        try {
            assertThatThrownBy(() -> StateLock.acquire(state))
                    .isInstanceOf(PlanetLabException.class)
                    .hasMessageContaining("in use by another node agent (process " + holder.pid() + ")");
        } finally {
            holder.destroyForcibly();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        StateLock.acquire(state).close();
    }

    /** A JVM that takes the directory, says so, and keeps it until it is killed. */
    private Process startHolder() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                Holder.class.getName(), state.toString())).redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        assertThat(output.readLine()).isEqualTo("held");
        return process;
    }

    static final class Holder {
        public static void main(String[] arguments) throws Exception {
            StateLock.acquire(Path.of(arguments[0]));
            System.out.println("held");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
