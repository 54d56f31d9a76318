package org.planetlab.plc.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code plc} run as a process of its own, as an operator runs it: a JVM with this classpath
 * running {@code PlcMain} on a data directory. Its output goes to a log file beside the data
 * directory, which is where to look when it fails to start.
 */
public final class PlcProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("PLC API listening on (https?)://([^:]+):(\\d+)/");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final Path log;
    private final URI uri;

    private PlcProcess(Process process, Path log, URI uri) {
        this.process = process;
        this.log = log;
        this.uri = uri;
    }

    /** Runs {@code plc ARGS...} to completion and returns its output; fails if it exits non-zero. */
    public static String run(Path log, List<String> args) {
        Process process = launch(log, args);
        try {
            if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("plc " + args + " did not finish; see " + log);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("plc " + args + " exited with " + process.exitValue() + ": " + output);
            }
            return output;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running plc " + args, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code plc serve} on {@code dataDir} and returns once it listens. */
    public static PlcProcess serve(Path dataDir) {
        Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        Process process = launch(log, List.of("serve", "--data-dir", dataDir.toString()));
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                Matcher listening = LISTENING.matcher(Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "");
                if (listening.find()) {
                    return new PlcProcess(process, log, URI.create(listening.group(1) + "://" + listening.group(2) + ":"
                            + listening.group(3)));
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("plc serve exited with " + process.exitValue() + ": "
                            + Files.readString(log, StandardCharsets.UTF_8));
                }
                process.waitFor(50, TimeUnit.MILLISECONDS);
            }
            throw new IllegalStateException("plc serve did not listen within " + START_TIMEOUT.toSeconds() + " s; see " + log);
        } catch (IOException e) {
            process.destroyForcibly();
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting plc", e);
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static Process launch(Path log, List<String> args) {
        requireNonNull(log, "log is null");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new java.util.ArrayList<>(List.of(java.toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "org.planetlab.plc.PlcMain"));
        command.addAll(args);
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + java, e);
        }
    }

    /** Where the API is served. */
    public URI uri() {
        return uri;
    }

    /** What the process printed so far. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the process as an operator's SIGTERM would, forcibly if it does not stop in 20 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
