package org.planetlab.plc.usage;

import java.time.Instant;
import java.util.Optional;

/** The words of a usage notice: what passed which threshold where, and what the reader may do. */
final class UsageNoticeText {
    private UsageNoticeText() {
    }

    static String body(String slice, String hostname, String metric, long amount, long threshold, long day, Optional<String> support) {
        String what = metric.equals("bytes")
                ? "sent and received %s on %s today (UTC), past the threshold of %s a day".formatted(size(amount), hostname, size(threshold))
                : "used %d CPU seconds on %s today (UTC), past the threshold of %d a day".formatted(amount, hostname, threshold);
        return "Slice " + slice + " " + what + ".\n\n"
                + "Nothing has been stopped: this is a notice, sent once for this node, day (" + Instant.ofEpochSecond(day).toString()
                        .substring(0, 10) + ") and measure. Please check that the slice behaves as intended; a slice that floods"
                + " a site's link or starves its node is stopped by the site or by PlanetLab's operators (pl slice stop).\n"
                + "The slice's usage: pl usage slice " + slice + "\n"
                + (metric.equals("bytes") ? "A slice that needs more may ask for a higher threshold (the slice tag "
                        + UsageNotices.BYTES_TAG + ", in KiB a day).\n" : "")
                + support.map(address -> "Questions: " + address + "\n").orElse("");
    }

    private static String size(long bytes) {
        return bytes >= 1L << 30 ? "%.1f GiB".formatted(bytes / (double) (1L << 30))
                : bytes >= 1L << 20 ? "%.1f MiB".formatted(bytes / (double) (1L << 20)) : bytes + " bytes";
    }
}
