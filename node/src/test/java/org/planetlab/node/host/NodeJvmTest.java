package org.planetlab.node.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** An option the JVM does not take would keep the node's process from starting at all. */
class NodeJvmTest {
    @ParameterizedTest
    @EnumSource(NodeJvm.class)
    void theJvmStartsWithTheOptions(NodeJvm jvm) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvm.options());
        command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).containsPattern("TieredStopAtLevel\\s+= 1\\s").containsPattern("UseSerialGC\\s+= true\\s");
    }

    @Test
    void theAgentsCompilerThreadRunsAtTheLowestPriority() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(NodeJvm.AGENT.options());
        command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(output).containsPattern("ThreadPriorityPolicy\\s+= 1\\s").containsPattern("CompilerThreadPriority\\s+= 19\\s");
    }

    @ParameterizedTest
    @EnumSource(NodeJvm.class)
    void extraOptionsFollowTheNodesOwn(NodeJvm jvm) {
        assertThat(jvm.withExtra(" -Xlog:gc  -XX:StartFlightRecording=filename=/tmp/%p.jfr ")).startsWith(jvm.withExtra(null).toArray(String[]::new))
                .endsWith("-Xlog:gc", "-XX:StartFlightRecording=filename=/tmp/%p.jfr");
        assertThat(jvm.withExtra("  ")).isEqualTo(jvm.withExtra(null));
    }
}
