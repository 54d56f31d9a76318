package org.planetlab.node.slices;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.planetlab.node.privileged.Privileged;

/**
 * Privileged, end to end: a reservable node with real slivers honours two consecutive leases of
 * two slices. Before its lease a slice's sliver exists but does not run; when the first lease ends
 * its processes are gone and the second slice's sliver runs, switched by the node's own clock at
 * the boundary; after the last lease nothing runs. PLC's lease granularity is one second here so
 * that the leases last seconds.
 */
@Privileged
class ReservationsTest {
    /** How long after a lease boundary the node may take to switch: its one-second timer plus a stop or start. */
    private static final Duration PROPAGATION = Duration.ofSeconds(5);
    private static final long LEASE_SECONDS = 10;
    private static SlicesEnvironment node;

    @BeforeAll
    static void startNode() {
        node = SlicesEnvironment.start("r", Map.of(), Map.of("lease.granularity-seconds", "1"));
        node.await("the slice creation service applied PLC's first view", Duration.ofSeconds(90),
                () -> node.scsLog().contains("of plc (0 slivers) applied"));
    }

    @AfterAll
    static void removeNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aReservableNodeRunsOnlyTheSliceHoldingTheCurrentLease() {
        node.operator.call("UpdateNode", node.nodeId, Map.of("node_type", "reservable"));
        String first = node.createSlice("first", Map.of());
        String second = node.createSlice("second", Map.of());
        String idle = node.createSlice("idle", Map.of());
        for (String slice : List.of(first, second, idle)) {
            node.user.call("AddSliceToNodes", slice, List.of(node.hostname));
        }
        node.await("the slivers exist but do not run: no slice holds a lease", Duration.ofSeconds(30),
                () -> List.of(first, second, idle).stream().allMatch(slice -> node.phase(slice).filter("STOPPED"::equals)
                        .isPresent() && node.processes(slice).isEmpty()));

        long start = Instant.now().getEpochSecond() + 3;
        long boundary = start + LEASE_SECONDS;
        long end = boundary + LEASE_SECONDS;
        node.user.call("AddLeases", List.of(node.hostname), first, start, boundary);
        node.pi.call("AddLeases", node.nodeId, second, boundary, end);

        awaitUntil(start);
        node.await("the first slice runs in its lease", PROPAGATION, () -> !node.processes(first).isEmpty());
        assertThat(node.processes(second)).as("the second slice waits for its lease").isEmpty();
        assertThat(node.processes(idle)).as("a slice without a lease never runs").isEmpty();
        assertThat(Instant.now().getEpochSecond()).as("the first lease still runs").isLessThan(boundary);

        awaitUntil(boundary);
        long switched = System.nanoTime();
        node.await("the first slice's processes are gone and the second slice runs", PROPAGATION,
                () -> node.processes(first).isEmpty() && !node.processes(second).isEmpty());
        System.out.printf("lease boundary to switched slivers: %d ms after the boundary%n",
                (System.nanoTime() - switched) / 1_000_000);
        assertThat(node.processes(idle)).isEmpty();
        assertThat(node.scsLog()).contains(first + " is held: slice").contains(second + " runs: slice");

        awaitUntil(end);
        node.await("after the last lease nothing runs", PROPAGATION,
                () -> node.processes(first).isEmpty() && node.processes(second).isEmpty() && node.processes(idle).isEmpty());

        for (String slice : List.of(first, second, idle)) {
            node.pi.call("DeleteSlice", slice);
        }
        node.await("the slices are removed", Duration.ofSeconds(10),
                () -> List.of(first, second, idle).stream().allMatch(slice -> node.remainsOf(slice).isEmpty()));
        node.operator.call("UpdateNode", node.nodeId, Map.of("node_type", "regular"));
    }

    /** Waits for the wall clock, which both PLC's leases and the node's timer read, to reach a second. */
    private static void awaitUntil(long epochSecond) {
        node.await("second " + epochSecond, Duration.ofSeconds(LEASE_SECONDS * 3),
                () -> Instant.now().getEpochSecond() >= epochSecond);
    }
}
