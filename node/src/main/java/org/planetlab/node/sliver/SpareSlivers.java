package org.planetlab.node.sliver;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.host.PacedRefill;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a few slivers prepared before their slice is known, so a create only does what depends
 * on the slice. A spare is a set of cgroups named {@code .spare-<n>}, a btrfs subvolume
 * {@code disk/spares/<n>} with the overlay's directories, a directory {@code spares/<n>} with the
 * mount points, and a {@link StandbyRunner} already inside those cgroups. A create renames the
 * cgroups, the subvolume and the directory to the sliver's and hands the start to the runner.
 *
 * <p>Spares are volatile: nothing durable names them and a start of the agent removes every one
 * it finds before making new ones, so a crash leaves nothing behind for long. They are made in
 * the background, several at once (their cgroup moves share the kernel's grace periods).
 *
 * <p>A spare a create took is made again once creates pause ({@link PacedRefill}), unless few
 * are left, so the refill does not compete with the creates of a slice put on many nodes at once.
 *
 * <p>On cgroup v1 a destroyed sliver's emptied cgroups become the next spare's ({@link #recycle})
 * instead of being removed. Removing a memory cgroup makes the kernel move what is charged to it
 * to the parent, walking two lists for every superblock on the node while holding the lock a new
 * superblock needs: with 1,000 slivers that was half of the kernel workers' share of the CPU
 * (15 %) and a wait inside the next sliver's mounts. Creating a spare's cgroups also waits for
 * the cgroup mutex that a create's rename needs.
 */
final class SpareSlivers {
    private static final Logger LOG = LoggerFactory.getLogger(SpareSlivers.class);
    /** How long after the last create took a spare the spares are made again (while half are left). */
    static final Duration REFILL_QUIET = Duration.ofSeconds(1);

    private final SliverLayout layout;
    private final Cgroups cgroups;
    private final SliverRunner runner;
    private final SliverProcesses processes;
    private final int target;
    private final ScheduledExecutorService executor;
    private final PacedRefill paced;
    private final Object lock = new Object();
    /** Held while spares are being made or removed, so a removal never races a build. */
    private final ReentrantLock work = new ReentrantLock();
    private final Deque<SpareSliver> ready = new ArrayDeque<>();
    /** Numbers whose cgroups (only) exist, reset, taken from destroyed slivers for the next spares. */
    private final Deque<Integer> recycled = new ArrayDeque<>();
    private int nextNumber;
    private boolean active;
    private boolean refillScheduled;

    SpareSlivers(SliverLayout layout, Cgroups cgroups, SliverRunner runner, int target, ScheduledExecutorService executor) {
        this.layout = requireNonNull(layout, "layout is null");
        this.cgroups = requireNonNull(cgroups, "cgroups is null");
        this.runner = requireNonNull(runner, "runner is null");
        this.processes = new SliverProcesses(cgroups);
        this.target = target;
        this.executor = requireNonNull(executor, "executor is null");
        this.paced = new PacedRefill(target, REFILL_QUIET, System::nanoTime,
                (action, delay) -> executor.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS), this::refill);
    }

    /** A ready spare, if there is one; the pool is topped up in the background. */
    Optional<SpareSliver> take() {
        Optional<SpareSliver> taken = Optional.empty();
        List<SpareSliver> dead = new ArrayList<>();
        int left = -1;
        synchronized (lock) {
            while (taken.isEmpty() && !ready.isEmpty()) {
                SpareSliver spare = ready.poll();
                if (spare.runner().alive()) {
                    taken = Optional.of(spare);
                } else {
                    dead.add(spare);
                }
            }
            if (taken.isPresent() && dead.isEmpty()) {
                left = ready.size();
            }
        }
        if (!dead.isEmpty()) {
            executor.execute(() -> dead.forEach(this::removeQuietly));
        }
        if (left < 0) {
            refill();
        } else {
            paced.afterTake(left);
        }
        return taken;
    }

    /** Starts keeping spares. */
    void activate() {
        synchronized (lock) {
            active = true;
        }
        refill();
    }

    /**
     * Stops keeping spares and removes every one, those of earlier runs of the agent included.
     * Returns once they are gone.
     */
    void removeAll() {
        synchronized (lock) {
            active = false;
            recycled.clear();
        }
        work.lock();
        try {
            List<SpareSliver> mine;
            synchronized (lock) {
                mine = List.copyOf(ready);
                ready.clear();
            }
            mine.forEach(spare -> spare.runner().discard());
            for (int number : leftovers()) {
                remove(number);
            }
        } finally {
            work.unlock();
        }
    }

    /**
     * Keeps a destroyed sliver's cgroups, which must be empty, for a later spare: resets them and
     * renames them to a spare's. Returns false, having changed nothing under the sliver's name,
     * when they are not wanted (cgroup v2, spares not being made, enough kept already) or could
     * not be reset; the caller then removes them.
     */
    boolean recycle(String sliver) {
        if (!cgroups.renamable()) {
            return false;
        }
        int number;
        synchronized (lock) {
            if (!active || target <= 0 || recycled.size() >= target) {
                return false;
            }
            number = allocate();
        }
        String name = SliverLayout.spareCgroup(number);
        try {
            cgroups.resetForReuse(sliver);
            cgroups.rename(sliver, name);
        } catch (RuntimeException e) {
            LOG.warn("the cgroups of {} are removed instead of kept for a spare: {}", sliver, e.getMessage());
            try {
                cgroups.remove(name);
            } catch (RuntimeException again) {
                LOG.warn("cgroups {} were left behind; the next start of the agent removes them: {}", name, again.getMessage());
            }
            return false;
        }
        synchronized (lock) {
            if (active) {
                recycled.add(number);
                return true;
            }
        }
        removeQuietly(number);
        return true;
    }

    /**
     * Makes the spares a refill waiting for creates to pause would make, now, and waits until no
     * spare is being made or removed; for tests and benchmarks.
     */
    void awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        paced.refillIfDeferred();
        while (true) {
            try {
                CompletableFuture.runAsync(() -> { }, executor).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new PlanetLabException(ErrorCode.UNAVAILABLE, "spare slivers were still being made after " + timeout);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PlanetLabException(ErrorCode.UNAVAILABLE, "interrupted while waiting for spare slivers", e);
            }
            synchronized (lock) {
                if (!refillScheduled) {
                    return;
                }
            }
        }
    }

    /** Ends a spare's runner and removes what is left under the spare's own names. */
    void removeQuietly(SpareSliver spare) {
        spare.runner().discard();
        runner.release(spare.runner());
        removeQuietly(spare.number());
    }

    private void removeQuietly(int number) {
        try {
            remove(number);
        } catch (RuntimeException e) {
            LOG.warn("spare {} was not fully removed; the next start of the agent removes it: {}", number, e.getMessage());
        }
    }

    private void refill() {
        synchronized (lock) {
            if (!active || refillScheduled || target <= 0 || runner.closed()) {
                return;
            }
            refillScheduled = true;
        }
        executor.execute(this::fill);
    }

    private void fill() {
        work.lock();
        try {
            List<Integer> numbers = new ArrayList<>();
            Set<Integer> withCgroups = new HashSet<>();
            synchronized (lock) {
                refillScheduled = false;
                paced.refilled();
                if (!active) {
                    return;
                }
                for (int missing = target - ready.size(); missing > 0; missing--) {
                    Integer reused = recycled.poll();
                    if (reused != null) {
                        withCgroups.add(reused);
                    }
                    numbers.add(reused != null ? reused : allocate());
                }
            }
            List<SpareSliver> launched = new ArrayList<>();
            for (int number : numbers) {
                try {
                    launched.add(launch(number, withCgroups.contains(number)));
                } catch (RuntimeException e) {
                    LOG.warn("spare {} was not made; creates build everything themselves until spares are ready: {}", number,
                            e.getMessage());
                    removeQuietly(number);
                }
            }
            launched.forEach(this::awaitReady);
        } finally {
            work.unlock();
        }
    }

    /** Makes spare {@code number}; its cgroups already exist if {@code recycledCgroups}. */
    private SpareSliver launch(int number, boolean recycledCgroups) {
        String name = SliverLayout.spareCgroup(number);
        List<String> arguments = new ArrayList<>(List.of("standby", "--disk", layout.spareDisk(number).toString()));
        try {
            Path directory = layout.spareDirectory(number);
            Files.createDirectories(directory.resolve("root"));
            Files.createDirectories(layout.sparePlanetlab(number));
            Files.createFile(layout.sparePlanetlab(number).resolve("node-manager.sock"));
            Files.createDirectories(layout.spareDisks());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare spare " + number, e);
        }
        if (cgroups.renamable()) {
            if (!recycledCgroups) {
                cgroups.createEmpty(name);
            }
            for (Path procs : cgroups.procsFiles(name)) {
                arguments.add("--cgroup-procs");
                arguments.add(procs.toString());
            }
        }
        return new SpareSliver(number, runner.standby(arguments, layout.spareDirectory(number).resolve("runner.sock")));
    }

    private void awaitReady(SpareSliver spare) {
        try {
            spare.runner().awaitReady();
        } catch (RuntimeException e) {
            LOG.warn("spare {} failed: {}", spare.number(), e.getMessage());
            removeQuietly(spare);
            return;
        }
        synchronized (lock) {
            if (active) {
                ready.add(spare);
                return;
            }
        }
        removeQuietly(spare);
    }

    /** A number no spare object uses. Caller holds the lock. */
    private int allocate() {
        while (Files.exists(layout.spareDirectory(nextNumber)) || Files.exists(layout.spareDisk(nextNumber))
                || Files.exists(layout.sparePlanetlab(nextNumber)) || cgroups.exists(SliverLayout.spareCgroup(nextNumber))) {
            nextNumber++;
        }
        return nextNumber++;
    }

    private void remove(int number) {
        String name = SliverLayout.spareCgroup(number);
        processes.killAll(name);
        cgroups.remove(name);
        if (Files.exists(layout.spareDisk(number))) {
            runner.run(List.of("disk-remove", layout.spareDisk(number).toString()));
        }
        LinuxSliverRuntime.deleteTree(layout.spareDirectory(number));
        LinuxSliverRuntime.deleteTree(layout.sparePlanetlab(number));
    }

    /** Numbers of spares whose objects exist: cgroups, subvolumes, directories. */
    private Set<Integer> leftovers() {
        Set<Integer> numbers = new TreeSet<>();
        for (String name : cgroups.slivers()) {
            SliverLayout.spareNumber(name).ifPresent(numbers::add);
        }
        numbers.addAll(numberedChildren(layout.spareDisks()));
        numbers.addAll(numberedChildren(layout.spares()));
        numbers.addAll(numberedChildren(layout.sparePlanetlabDirectories()));
        return numbers;
    }

    private static Set<Integer> numberedChildren(Path directory) {
        Set<Integer> numbers = new TreeSet<>();
        if (!Files.isDirectory(directory)) {
            return numbers;
        }
        try (var children = Files.list(directory)) {
            children.map(child -> child.getFileName().toString())
                    .filter(name -> !name.isEmpty() && name.length() < 10 && name.chars().allMatch(Character::isDigit))
                    .forEach(name -> numbers.add(Integer.parseInt(name)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        return numbers;
    }

    /** One ready spare: its number names its objects; its runner waits in its cgroups. */
    record SpareSliver(int number, StandbyRunner runner) {
        SpareSliver {
            requireNonNull(runner, "runner is null");
        }

        String cgroupName() {
            return SliverLayout.spareCgroup(number);
        }
    }
}
