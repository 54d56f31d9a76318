package org.planetlab.node.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.node.state.NodeStateStore;
import org.planetlab.node.state.VmPhase;
import org.planetlab.node.state.VmRecord;

/** Closing the node manager finishes what is in flight, refuses what comes after, and leaves none of its threads running. */
class NodeManagerCloseTest {
    private static final Caller OWNER = Caller.slice("site_admin");
    private static final Caller SCS = Caller.slice("plc.scs");
    private static final Rspec POOL = new Rspec(Map.of(RspecAttribute.CPU_SHARE, "10"), List.of(), "plc", "");

    @TempDir
    Path directory;

    private static Set<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
    }

    private NodeManager newManager(SlowStartRuntime runtime) {
        return new NodeManager(new NodeStateStore(directory), runtime, new Rcaps(new SecureRandom()), Clock.systemUTC(), Runnable::run,
                10, 180);
    }

    @Test
    void closeAnswersTheWorkInFlightRefusesLaterRequestsAndLeavesNoThreadRunning() throws Exception {
        Set<Thread> before = liveThreads();
        SlowStartRuntime runtime = new SlowStartRuntime();
        NodeManager manager = newManager(runtime);
        List<NodeEvent> seen = new CopyOnWriteArrayList<>();
        manager.subscribe(seen::add);
        manager.bind(manager.createPool(OWNER, POOL, "plc.scs"), "quick_slice", Rspec.EMPTY);
        manager.destroyVm(SCS, "quick_slice");
        String slowPool = manager.createPool(OWNER, POOL, "plc.scs");
        CompletableFuture<VmRecord> slow = CompletableFuture.supplyAsync(() -> manager.bind(slowPool, "slow_slice", Rspec.EMPTY));
        assertThat(runtime.started.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(manager::close);
        // The close waits for the build in flight; requests made meanwhile are turned away.
        PlanetLabException refused = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (refused == null) {
            assertThat(System.nanoTime()).as("a request was refused within 10 s").isLessThan(deadline);
            try {
                manager.listVms(OWNER);
            } catch (PlanetLabException e) {
                refused = e;
            }
        }
        assertThat(refused.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(closing).isNotDone();
        runtime.release.countDown();
        closing.get(30, TimeUnit.SECONDS);

        assertThat(slow.get(10, TimeUnit.SECONDS).phase()).isEqualTo(VmPhase.RUNNING);
        assertThat(seen).extracting(event -> event.getClass().getSimpleName()).endsWith("SliverCreated");
        Set<Thread> left = liveThreads();
        left.removeAll(before);
        assertThat(left).as("threads the node manager started").extracting(Thread::getName)
                .noneMatch(name -> name.startsWith("node-") || name.startsWith("vm-records-"));
        assertThatThrownBy(() -> manager.createPool(OWNER, POOL, "plc.scs"))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        manager.close();

        NodeManager reopened = newManager(new SlowStartRuntime());
        try {
            assertThat(reopened.recordedVms()).extracting(VmRecord::name).containsExactly("slow_slice");
        } finally {
            reopened.close();
        }
    }
}
