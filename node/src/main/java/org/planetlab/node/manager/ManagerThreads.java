package org.planetlab.node.manager;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every thread one node manager starts, so that {@link NodeManager#close} can wait until each
 * has ended rather than leave them to the end of the process. Names say what a thread does:
 * {@code node-controller}, {@code node-kernel-N}, {@code vm-records-N}, {@code node-events}.
 */
final class ManagerThreads {
    private static final Logger LOG = LoggerFactory.getLogger(ManagerThreads.class);

    private final List<Thread> started = new CopyOnWriteArrayList<>();

    /** A factory of threads named {@code prefix} followed by a number, or {@code prefix} alone when {@code numbered} is false. */
    ThreadFactory factory(String prefix, boolean numbered) {
        AtomicInteger next = new AtomicInteger();
        return task -> {
            // Pools end idle threads and start new ones: forget those that have ended.
            started.removeIf(thread -> !thread.isAlive() && thread.getState() != Thread.State.NEW);
            Thread thread = Thread.ofPlatform().name(numbered ? prefix + next.getAndIncrement() : prefix).daemon().unstarted(task);
            started.add(thread);
            return thread;
        };
    }

    /** Waits until every thread started so far has ended, at most {@code limit} in all; false if one still runs. */
    boolean join(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        for (Thread thread : started) {
            if (thread.getState() == Thread.State.NEW) {
                continue;
            }
            long left = deadline - System.nanoTime();
            try {
                if (left <= 0 || !thread.join(Duration.ofNanos(left))) {
                    LOG.warn("node manager thread {} still runs after {}", thread.getName(), limit);
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
