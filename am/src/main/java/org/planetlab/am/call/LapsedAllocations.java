package org.planetlab.am.call;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.planetlab.am.sliver.AmSliver;
import org.planetlab.am.sliver.AmSlivers;
import org.planetlab.plc.Plc;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.Mutation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AM API's allocation timeout: an allocation not provisioned in time lapses, and what it held
 * goes back: its record, and the slice's leases of its node that are not over (an advance
 * reservation made with it), through PLC's one mutation path so the nodes hear of it. A timer does
 * it; with several PLC servers on one store, one server at a time (an advisory lock, as slice
 * expiry takes). Allocate gives back its slice's lapsed allocations first, in its own change.
 */
public final class LapsedAllocations implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LapsedAllocations.class);
    /** The advisory lock of this timer ("AMLAPSES"). */
    private static final long LOCK_KEY = 0x414d_4c41_5053_4553L;

    private final Plc plc;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("am-allocation-lapses").daemon(true).factory());

    public LapsedAllocations(Plc plc, Clock clock) {
        this.plc = requireNonNull(plc, "plc is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Gives back lapsed allocations every {@code interval} until closed. */
    public void start(Duration interval) {
        long millis = interval.toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                giveBackLapsed();
            } catch (RuntimeException e) {
                LOG.warn("giving back lapsed allocations failed; it runs again in {}", interval, e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Gives back every allocation that has lapsed, unless another server is doing it now; the
     * slices whose allocations lapsed.
     */
    public List<Long> giveBackLapsed() {
        long now = clock.instant().getEpochSecond();
        // Most turns find nothing: look before writing, so an idle aggregate adds no change to the event log.
        if (plc.database().read(handle -> AmSlivers.lapsed(handle, Optional.empty(), now)).isEmpty()) {
            return List.of();
        }
        List<List<Long>> done = new ArrayList<>();
        plc.database().runAlone(LOCK_KEY, () -> done.add(plc.mutations().run(Caller.INTERNAL, "LapseAllocations", List.of(),
                mutation -> {
                    mutation.quietIfUnchanged();
                    List<Long> slices = giveBack(plc, mutation, Optional.empty());
                    mutation.message("allocations of slices " + slices + " lapsed unprovisioned");
                    return slices;
                })));
        return done.isEmpty() ? List.of() : done.getFirst();
    }

    /**
     * In {@code mutation}: forgets the lapsed allocations (of one slice, or of all) and cancels the
     * leases of their nodes the slice held; the slices concerned.
     */
    static List<Long> giveBack(Plc plc, Mutation mutation, Optional<Long> sliceId) {
        Map<Long, List<AmSliver>> bySlice = AmSlivers.lapsed(mutation.db(), sliceId, mutation.now()).stream()
                .collect(Collectors.groupingBy(AmSliver::sliceId, TreeMap::new, Collectors.toList()));
        bySlice.forEach((slice, slivers) -> {
            slivers.forEach(sliver -> AmSlivers.delete(mutation.db(), sliver.sliverUrn()));
            Reservations.release(plc, mutation, slice, slivers.stream().map(AmSliver::nodeId).toList());
            mutation.affected(ObjectType.SLICE, slice);
        });
        return List.copyOf(bySlice.keySet());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
