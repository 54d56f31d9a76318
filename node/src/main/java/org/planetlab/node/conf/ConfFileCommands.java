package org.planetlab.node.conf;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a configuration file's pre-install, post-install and error commands: without a shell,
 * from {@code /}, with a fixed {@code PATH}, standard input closed, at most the timeout (then
 * killed), keeping the last few hundred bytes of its output for the report.
 */
final class ConfFileCommands {
    private static final int KEPT_OUTPUT_BYTES = 300;
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final Duration timeout;

    ConfFileCommands(Duration timeout) {
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /** Runs the command; returns why it failed, or null if it exited with 0. An empty command succeeds. */
    String run(List<String> words) {
        if (words.isEmpty()) {
            return null;
        }
        ProcessBuilder builder = new ProcessBuilder(words).directory(new java.io.File("/")).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.put("PATH", PATH);
        environment.put("LANG", "C.UTF-8");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return "'" + String.join(" ", words) + "' did not start: " + e.getMessage();
        }
        OutputTail tail = new OutputTail(process.getInputStream());
        Thread reader = Thread.ofVirtual().name("conf-file-command-output").start(tail);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor();
                return "'" + String.join(" ", words) + "' ran longer than " + timeout.toMillis() + " ms and was killed";
            }
            reader.join(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return "'" + String.join(" ", words) + "' was interrupted";
        }
        int status = process.exitValue();
        return status == 0 ? null : "'" + String.join(" ", words) + "' exited with " + status + tail.describe();
    }

    /** Reads a process's output to its end, keeping only the last bytes. */
    private static final class OutputTail implements Runnable {
        private final InputStream in;
        private final byte[] kept = new byte[KEPT_OUTPUT_BYTES];
        private int length;

        OutputTail(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[4096];
            try (in) {
                for (int read; (read = in.read(buffer)) >= 0;) {
                    keep(buffer, read);
                }
            } catch (IOException e) {
                // The process ended or was killed: what was read is what there is.
            }
        }

        private synchronized void keep(byte[] buffer, int read) {
            int take = Math.min(read, KEPT_OUTPUT_BYTES);
            int keepOld = Math.min(length, KEPT_OUTPUT_BYTES - take);
            System.arraycopy(kept, length - keepOld, kept, 0, keepOld);
            System.arraycopy(buffer, read - take, kept, keepOld, take);
            length = keepOld + take;
        }

        synchronized String describe() {
            String text = new String(kept, 0, length, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
            return text.isEmpty() ? "" : ": " + text;
        }
    }
}
