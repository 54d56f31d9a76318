package org.planetlab.node.net;

import java.util.List;
import java.util.Locale;

/**
 * The queue under each sliver's traffic class. Fairness between slivers comes from the HTB
 * classes above it; the leaf decides how one sliver's own flows share its class and how long
 * its queue may grow. Flow-fair leaves (fq_codel, sfq) also keep one greedy flow of a sliver from
 * delaying its other flows; a plain FIFO is the fallback for kernels built without them.
 */
public enum LeafQueue {
    /** The first of fq_codel, sfq, pfifo that the kernel has. */
    AUTO(List.of()),
    FQ_CODEL(List.of("fq_codel", "limit", "1000", "flows", "64", "memory_limit", "4Mb")),
    SFQ(List.of("sfq", "perturb", "10")),
    PFIFO(List.of("pfifo", "limit", "1000"));

    private final List<String> tcArguments;

    LeafQueue(List<String> tcArguments) {
        this.tcArguments = tcArguments;
    }

    /** The qdisc kind and options as {@code tc qdisc add ... <these>} takes them. */
    public List<String> tcArguments() {
        if (this == AUTO) {
            throw new IllegalStateException("AUTO is resolved to a concrete queue when the node starts");
        }
        return tcArguments;
    }

    /** The order in which {@link #AUTO} tries the concrete queues. */
    static List<LeafQueue> preferenceOrder() {
        return List.of(FQ_CODEL, SFQ, PFIFO);
    }

    /** Reads {@code auto}, {@code fq_codel}, {@code sfq} or {@code pfifo}. */
    public static LeafQueue parse(String text) {
        String normalized = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (LeafQueue queue : values()) {
            if (queue.name().equals(normalized)) {
                return queue;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not one of auto, fq_codel, sfq, pfifo");
    }
}
