package org.planetlab.node.net.layout;

import java.util.List;
import java.util.Locale;

/**
 * The queue under each sliver's traffic class. Fairness between slivers comes from the HTB
 * classes above it; the leaf decides how one sliver's own flows share its class and how long
 * its queue may grow. Flow-fair leaves (fq_codel, sfq) also keep one greedy flow of a sliver from
 * delaying its other flows; a FIFO limited in bytes is the fallback for kernels built without them.
 */
public enum LeafQueue {
    /** The first of fq_codel, sfq, bfifo that the kernel has. */
    AUTO(List.of()),
    FQ_CODEL(List.of("fq_codel", "limit", "1000", "flows", "64", "memory_limit", "4Mb")),
    SFQ(List.of("sfq", "perturb", "10")),
    /**
     * A FIFO limited in bytes to about {@value #QUEUE_MILLIS} ms at the class's ceiling (a packet
     * limit would let 64 KiB GSO packets queue up to 64 MB), but never below two such packets.
     */
    BFIFO(List.of("bfifo"));

    static final long QUEUE_MILLIS = 100;
    public static final long MIN_FIFO_BYTES = 140_000;

    private final List<String> tcArguments;

    LeafQueue(List<String> tcArguments) {
        this.tcArguments = tcArguments;
    }

    /**
     * The qdisc kind and options as {@code tc qdisc add ... <these>} takes them, for a class whose
     * ceiling is {@code ceilKbps}.
     */
    public List<String> tcArguments(long ceilKbps) {
        if (this == AUTO) {
            throw new IllegalStateException("AUTO is resolved to a concrete queue when the node starts");
        }
        if (this == BFIFO) {
            long bytes = Math.max(MIN_FIFO_BYTES, ceilKbps * 1000 / 8 * QUEUE_MILLIS / 1000);
            return List.of("bfifo", "limit", String.valueOf(bytes));
        }
        return tcArguments;
    }

    /** Whether the queue's size follows the class's ceiling, so it changes with it. */
    public boolean sizedByCeiling() {
        return this == BFIFO;
    }

    /** The order in which {@link #AUTO} tries the concrete queues. */
    public static List<LeafQueue> preferenceOrder() {
        return List.of(FQ_CODEL, SFQ, BFIFO);
    }

    /** Reads {@code auto}, {@code fq_codel}, {@code sfq} or {@code bfifo}. */
    public static LeafQueue parse(String text) {
        String normalized = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (LeafQueue queue : values()) {
            if (queue.name().equals(normalized)) {
                return queue;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not one of auto, fq_codel, sfq, bfifo");
    }
}
