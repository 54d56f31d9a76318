package org.planetlab.node.privileged;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.sliver.ExecRequest;

/**
 * The raw-socket program of the isolation tests (raw-probe.c beside this class), compiled static
 * once per test run with the C compiler the node module's build already needs, and copied into
 * slivers as {@code /tmp/raw-probe}.
 */
final class RawProbe {
    static final String IN_SLIVER = "/tmp/raw-probe";
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path SOURCE = MODULE.resolve("src/test/java/org/planetlab/node/privileged/raw-probe.c");
    private static final Path BINARY = MODULE.resolve("target/raw-probe");

    private RawProbe() {}

    static synchronized Path binary() {
        if (!Files.isRegularFile(SOURCE)) {
            throw new IllegalStateException(SOURCE + " is missing: run the tests from the node module");
        }
        if (!Files.isExecutable(BINARY) || olderThanSource()) {
            HostCommand.Result built = HostCommand.onHost().runAllowingFailure(List.of("cc", "-O2", "-Wall", "-static", "-o",
                    BINARY.toString(), SOURCE.toString()), null);
            if (built.exitCode() != 0) {
                throw new IllegalStateException("cannot compile raw-probe.c (apt-get install gcc libc6-dev): "
                        + built.stderr());
            }
        }
        return BINARY;
    }

    /** Whether the program was built from an older source (a checkout that moved on since). */
    private static boolean olderThanSource() {
        try {
            return Files.getLastModifiedTime(BINARY).compareTo(Files.getLastModifiedTime(SOURCE)) < 0;
        } catch (IOException e) {
            return true;
        }
    }

    /** Copies the program into the sliver. */
    static void install(TestingNodeAgent node, String sliver) {
        try {
            TestingNodeAgent.Result copied = node.run(sliver, ExecRequest.asRoot(List.of("/bin/sh", "-c",
                    "cat > " + IN_SLIVER + " && chmod 755 " + IN_SLIVER)), Files.readAllBytes(binary()));
            assertThat(copied.exitCode()).as("raw-probe copied into %s: %s", sliver, copied.output()).isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
