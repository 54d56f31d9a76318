package org.planetlab.bench.slices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Waits for the machine to be quiet: mostly idle CPUs, measured from /proc/stat. */
final class Quiet {
    private Quiet() {}

    /**
     * Returns once the CPUs were at least {@code idleFraction} idle over one {@code window}, or
     * after {@code limit}; says which, with the idle fraction of the last window.
     */
    static String await(Duration window, double idleFraction, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        double idle;
        do {
            long[] before = cpuTimes();
            Thread.sleep(window);
            long[] after = cpuTimes();
            long total = after[0] - before[0];
            idle = total == 0 ? 0 : (double) (after[1] - before[1]) / total;
            if (idle >= idleFraction) {
                return "timed once the CPUs were %.0f %% idle over %d s".formatted(idle * 100, window.toSeconds());
            }
        } while (System.nanoTime() < deadline);
        return "timed after %d s of waiting for quiet CPUs (%.0f %% idle over the last %d s)".formatted(limit.toSeconds(), idle * 100,
                window.toSeconds());
    }

    /** Total and idle (idle + iowait) jiffies of all CPUs. */
    private static long[] cpuTimes() {
        String line;
        try {
            line = Files.readAllLines(Path.of("/proc/stat")).getFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/stat", e);
        }
        String[] fields = line.trim().split("\\s+");
        long total = 0;
        for (int field = 1; field < fields.length && field <= 8; field++) {
            total += Long.parseLong(fields[field]);
        }
        return new long[] {total, Long.parseLong(fields[4]) + Long.parseLong(fields[5])};
    }
}
