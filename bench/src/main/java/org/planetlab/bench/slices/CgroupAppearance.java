package org.planetlab.bench.slices;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a sliver's cgroup directory to appear, woken by the kernel (inotify on its parent:
 * the agent makes it with mkdir or renames a spare's to it), not by polling. Ten watchers each
 * stat-ing every 2 ms cost the machine about 0.2 s of CPU per second, on the two cores the ten
 * nodes were creating on; waiting for an event costs nothing until it comes. The directory is
 * looked at again at least every {@link #RECHECK_MILLIS} ms, should an event be missed.
 */
final class CgroupAppearance implements AutoCloseable {
    private static final long RECHECK_MILLIS = 50;

    private final Path cgroup;
    private final WatchService changes;

    /** Starts watching; the directory's parent must exist. */
    CgroupAppearance(Path cgroup) {
        this.cgroup = requireNonNull(cgroup, "cgroup is null");
        try {
            this.changes = cgroup.getFileSystem().newWatchService();
            cgroup.getParent().register(changes, StandardWatchEventKinds.ENTRY_CREATE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + cgroup.getParent(), e);
        }
    }

    /** Returns once the directory exists, or false if it did not before {@code deadline} ({@link System#nanoTime}). */
    boolean await(long deadline) throws InterruptedException {
        while (!Files.exists(cgroup)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            WatchKey key = changes.poll(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, RECHECK_MILLIS), TimeUnit.MILLISECONDS);
            if (key != null) {
                key.pollEvents();
                key.reset();
            }
        }
        return true;
    }

    @Override
    public void close() {
        try {
            changes.close();
        } catch (IOException e) {
            // Closing an inotify descriptor we own does not fail in a way worth reporting.
        }
    }
}
