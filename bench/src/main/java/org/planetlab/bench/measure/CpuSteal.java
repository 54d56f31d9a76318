package org.planetlab.bench.measure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The share of CPU time the virtual machine's host took (steal time in /proc/stat) since this
 * object was made: on a shared virtual machine it explains runs that differ by a factor of two,
 * so benchmarks print it beside their figures.
 */
public final class CpuSteal {
    private final long[] start = sample();

    /** Steal time as a percentage of all CPU time since construction. */
    public double percentSinceStart() {
        long[] now = sample();
        long total = now[0] - start[0];
        return total <= 0 ? 0 : 100.0 * (now[1] - start[1]) / total;
    }

    /** {total, steal} jiffies over all CPUs. */
    private static long[] sample() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            for (int index = 1; index < fields.length && index <= 8; index++) {
                total += Long.parseLong(fields[index]);
            }
            long steal = fields.length > 8 ? Long.parseLong(fields[8]) : 0;
            return new long[] {total, steal};
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/stat", e);
        }
    }
}
