package org.planetlab.node.console;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.PlanetLabException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads the previous run's console tail to PLC (ReportConsoleLog) from a thread of its own,
 * retrying while PLC cannot be reached, for at most {@code attempts} tries: a node that just
 * rebooted often comes up before its network or PLC does.
 */
public final class ConsoleUploader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleUploader.class);

    private final Thread thread;

    private ConsoleUploader(Thread thread) {
        this.thread = thread;
    }

    public static ConsoleUploader start(PlcClient plc, ConsoleLog.PreviousRun previous, Duration retry, int attempts) {
        requireNonNull(plc, "plc is null");
        requireNonNull(previous, "previous is null");
        Runnable upload = () -> {
            for (int attempt = 1; attempt <= attempts && !Thread.currentThread().isInterrupted(); attempt++) {
                try {
                    plc.call("ReportConsoleLog", Map.of("boot_started", previous.started().getEpochSecond(),
                            "text", previous.tail()));
                    LOG.info("console log of the run started at {} uploaded to PLC ({} characters)", previous.started(),
                            previous.tail().length());
                    return;
                } catch (PlanetLabException | java.io.UncheckedIOException e) {
                    LOG.warn("uploading the previous run's console log failed (attempt {} of {}): {}", attempt, attempts,
                            e.getMessage());
                }
                try {
                    Thread.sleep(retry);
                } catch (InterruptedException e) {
                    return;
                }
            }
        };
        return new ConsoleUploader(Thread.ofPlatform().name("console-upload").daemon().start(upload));
    }

    /** Whether the upload is over, done or given up. */
    public boolean finished() {
        return !thread.isAlive();
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
