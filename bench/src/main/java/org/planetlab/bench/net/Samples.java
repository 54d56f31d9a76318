package org.planetlab.bench.net;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Latencies in nanoseconds and their percentiles. */
final class Samples {
    private final List<Long> nanos = new ArrayList<>();

    void add(long value) {
        nanos.add(value);
    }

    int count() {
        return nanos.size();
    }

    double percentileMillis(double percentile) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.clamp(index, 0, sorted.size() - 1)) / 1e6;
    }

    /** {@code p50 / p99 / max} in milliseconds. */
    String summary() {
        return "%.2f / %.2f / %.2f ms (n=%d)".formatted(percentileMillis(50), percentileMillis(99), percentileMillis(100), count());
    }
}
