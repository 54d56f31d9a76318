package org.planetlab.node.net.slots;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Collects what a running process prints, on virtual threads, so tests can poll it. */
final class CapturedOutput {
    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();

    private CapturedOutput() {}

    static CapturedOutput of(Process process) {
        CapturedOutput output = new CapturedOutput();
        Thread.ofVirtual().name("captured-stdout").start(() -> output.drain(process.getInputStream(), output.stdout));
        Thread.ofVirtual().name("captured-stderr").start(() -> output.drain(process.getErrorStream(), output.stderr));
        return output;
    }

    String stdout() {
        synchronized (stdout) {
            return stdout.toString();
        }
    }

    String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    /** Lines of standard output containing {@code text}. */
    List<String> linesWith(String text) {
        return stdout().lines().filter(line -> line.contains(text)).toList();
    }

    private void drain(InputStream input, StringBuilder into) {
        byte[] buffer = new byte[8192];
        try (input) {
            int read;
            while ((read = input.read(buffer)) >= 0) {
                synchronized (into) {
                    into.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            // The process was killed; what was read so far stays.
        }
    }
}
