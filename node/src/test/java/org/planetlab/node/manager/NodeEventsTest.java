package org.planetlab.node.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.node.state.NodeStateStore;
import org.planetlab.node.state.VmPhase;

class NodeEventsTest {
    private static final Caller OWNER = Caller.slice("site_admin");
    private static final Caller SCS = Caller.slice("plc.scs");
    private static final Rspec POOL = new Rspec(Map.of(RspecAttribute.CPU_SHARE, "10"), List.of(), "plc", "");

    @TempDir
    Path directory;
    private final List<NodeManager> managers = new ArrayList<>();

    private NodeManager newManager() {
        NodeManager manager = new NodeManager(new NodeStateStore(directory), new RecordingRuntime(), new Rcaps(new SecureRandom()), Clock.systemUTC(),
                Runnable::run, 10, 180);
        managers.add(manager);
        return manager;
    }

    @AfterEach
    void closeManagers() {
        managers.forEach(NodeManager::close);
    }

    @Test
    void aSubscriberSeesTheLifeOfASliverInOrder() throws Exception {
        NodeManager manager = newManager();
        List<NodeEvent> seen = new CopyOnWriteArrayList<>();
        try (AutoCloseable subscription = manager.subscribe(seen::add)) {
            String parent = manager.createPool(OWNER, POOL, "plc.scs");
            String child = manager.splitPool(parent, new Rspec(Map.of(RspecAttribute.CPU_SHARE, "4"), List.of(), "", ""));
            manager.bind(child, "princeton_codeen", Rspec.EMPTY);
            manager.stopVm(SCS, "princeton_codeen");
            manager.startVm(SCS, "princeton_codeen");
            manager.updateVm(SCS, "princeton_codeen", List.of("ssh-ed25519 K"), null);
            manager.destroyVm(SCS, "princeton_codeen");
            manager.holdSlivers("safeboot", true);
            manager.releaseSlivers();

            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 10);
            assertThat(seen).extracting(event -> event.getClass().getSimpleName()).containsExactly("PoolCreated", "PoolSplit",
                    "SliverCreated", "SliverStopped", "SliverStarted", "SliverChanged", "SliverDestroying", "SliverDestroyed", "HoldSet",
                    "HoldCleared");
            assertThat(seen.get(1)).isEqualTo(new NodeEvent.PoolSplit("plc.scs", new Rspec(Map.of(RspecAttribute.CPU_SHARE, "4"),
                    List.of(), "plc", "")));
            assertThat(((NodeEvent.SliverStopped) seen.get(3)).vm().phase()).isEqualTo(VmPhase.STOPPED);
            assertThat(((NodeEvent.SliverStarted) seen.get(4)).vm().phase()).isEqualTo(VmPhase.RUNNING);
            assertThat(((NodeEvent.SliverChanged) seen.get(5)).vm().rspec().keys()).containsExactly("ssh-ed25519 K");
            assertThat(((NodeEvent.SliverDestroying) seen.get(6)).vm().phase()).isEqualTo(VmPhase.DESTROYING);
            assertThat(seen.get(7)).isEqualTo(new NodeEvent.SliverDestroyed("princeton_codeen"));
        }
    }

    @Test
    void sliverDestroyedComesOnlyOnceTheTeardownIsDoneAndNotAfterOneThatFailed() {
        RecordingRuntime runtime = new RecordingRuntime();
        List<Runnable> teardowns = new CopyOnWriteArrayList<>();
        NodeManager manager = new NodeManager(new NodeStateStore(directory), runtime, new Rcaps(new SecureRandom()), Clock.systemUTC(),
                teardowns::add, 10, 180);
        managers.add(manager);
        List<NodeEvent> seen = new CopyOnWriteArrayList<>();
        manager.subscribe(seen::add);
        manager.bind(manager.createPool(OWNER, POOL, "plc.scs"), "princeton_codeen", Rspec.EMPTY);
        manager.destroyVm(SCS, "princeton_codeen");
        // Events arrive in order: once this pool's is seen, everything published before it has been.
        manager.createPool(OWNER, POOL, "plc.scs");
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 4);
        assertThat(seen).extracting(event -> event.getClass().getSimpleName())
                .containsExactly("PoolCreated", "SliverCreated", "SliverDestroying", "PoolCreated");
        assertThat(runtime.running).contains("princeton_codeen");

        teardowns.forEach(Runnable::run);
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 5);
        assertThat(seen.get(4)).isEqualTo(new NodeEvent.SliverDestroyed("princeton_codeen"));
        assertThat(runtime.running).doesNotContain("princeton_codeen");
        assertThat(manager.recordedVms()).isEmpty();

        teardowns.clear();
        manager.bind(manager.createPool(OWNER, POOL, "plc.scs"), "sticky_slice", Rspec.EMPTY);
        manager.destroyVm(SCS, "sticky_slice");
        runtime.failDestroyOf = "sticky_slice";
        teardowns.forEach(Runnable::run);
        manager.createPool(OWNER, POOL, "plc.scs");
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 9);
        assertThat(seen.subList(5, seen.size())).extracting(event -> event.getClass().getSimpleName())
                .containsExactly("PoolCreated", "SliverCreated", "SliverDestroying", "PoolCreated");
        assertThat(manager.recordedVms()).extracting(vm -> vm.phase()).containsExactly(VmPhase.DESTROYING);
    }

    @Test
    void aClosedSubscriptionHearsNothingMoreAndAFailingSubscriberDoesNotSilenceOthers() throws Exception {
        NodeManager manager = newManager();
        List<NodeEvent> kept = new CopyOnWriteArrayList<>();
        List<NodeEvent> dropped = new CopyOnWriteArrayList<>();
        manager.subscribe(event -> {
            throw new IllegalStateException("subscriber broke on " + event);
        });
        manager.subscribe(kept::add);
        AutoCloseable subscription = manager.subscribe(dropped::add);
        manager.createPool(OWNER, POOL, "plc.scs");
        await().atMost(Duration.ofSeconds(10)).until(() -> dropped.size() == 1);
        subscription.close();
        manager.createPool(OWNER, POOL, "other.service");
        await().atMost(Duration.ofSeconds(10)).until(() -> kept.size() == 2);
        assertThat(dropped).hasSize(1);
    }
}
