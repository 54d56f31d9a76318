package org.planetlab.node.vsys;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A script the node's operator installed: run as root on the node with exactly one argument,
 * the calling slice's name, an environment of {@code PATH} and {@code VSYS_SLICE} only, the
 * scripts directory as working directory, and the request line (with its newline) as its whole
 * standard input. Its standard output is the answer; standard error is dropped.
 */
final class InstalledScript implements VsysHelper {
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final Path script;

    InstalledScript(Path script) {
        this.script = requireNonNull(script, "script is null");
    }

    Path path() {
        return script;
    }

    @Override
    public byte[] run(String slice, String request, int outputBytes, Duration runTime) {
        ProcessBuilder builder = new ProcessBuilder(List.of(script.toString(), slice))
                .directory(script.getParent().toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().put("PATH", PATH);
        builder.environment().put("VSYS_SLICE", slice);
        return BoundedRun.run(builder, (request + "\n").getBytes(StandardCharsets.UTF_8), outputBytes, runTime,
                script.getFileName().toString());
    }
}
