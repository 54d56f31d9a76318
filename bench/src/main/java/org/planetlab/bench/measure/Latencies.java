package org.planetlab.bench.measure;

import java.util.Arrays;

/** Collected latencies, in nanoseconds, and their percentiles; safe to add to from several threads. */
public final class Latencies {
    private long[] samples = new long[1024];
    private int count;

    public synchronized void add(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    /** Adds every sample of {@code other}. */
    public void addAll(Latencies other) {
        long[] theirs;
        synchronized (other) {
            theirs = Arrays.copyOf(other.samples, other.count);
        }
        for (long nanos : theirs) {
            add(nanos);
        }
    }

    /** Runs {@code action} and, if {@code record}, adds how long it took. */
    public void addTimed(boolean record, Runnable action) {
        long started = System.nanoTime();
        action.run();
        long elapsed = System.nanoTime() - started;
        if (record) {
            add(elapsed);
        }
    }

    /** The nearest-rank percentile in milliseconds; NaN without samples. */
    public synchronized double percentileMillis(double percentile) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * count) - 1;
        return sorted[Math.clamp(index, 0, count - 1)] / 1e6;
    }

    public synchronized int count() {
        return count;
    }

    /** {@code p50 / p99 / max} in milliseconds. */
    public String summary() {
        return "%.2f / %.2f / %.2f ms (n=%d)".formatted(percentileMillis(50), percentileMillis(99), percentileMillis(100), count());
    }
}
