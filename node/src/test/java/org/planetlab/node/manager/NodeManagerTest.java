package org.planetlab.node.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.node.state.NodeStateStore;
import org.planetlab.node.state.OwnerPolicy;
import org.planetlab.node.state.VmPhase;
import org.planetlab.node.state.VmRecord;

class NodeManagerTest {
    private static final Caller OWNER = Caller.slice("site_admin");
    private static final Caller SCS = Caller.slice("plc.scs");
    private static final Rspec POOL = new Rspec(Map.of(RspecAttribute.CPU_SHARE, "10", RspecAttribute.MEM_LIMIT, "4096"), List.of(), "plc", "");

    @TempDir
    Path directory;
    private final List<NodeManager> managers = new ArrayList<>();
    private final RecordingRuntime runtime = new RecordingRuntime();
    private final List<Runnable> teardowns = new ArrayList<>();
    private NodeManager manager;

    @BeforeEach
    void createManager() {
        manager = newManager();
    }

    private NodeManager newManager() {
        NodeManager created = new NodeManager(new NodeStateStore(directory), runtime, new Rcaps(new SecureRandom()),
                Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC), teardowns::add, 10, 180);
        managers.add(created);
        return created;
    }

    @AfterEach
    void closeManagers() {
        managers.forEach(NodeManager::close);
    }

    @Test
    void onlyTheOwnerVmAndRootMayCreatePools() {
        assertThatThrownBy(() -> manager.createPool(SCS, POOL, "plc.scs"))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
        assertThat(manager.createPool(OWNER, POOL, "plc.scs")).matches("[0-9a-f]{32}");
        assertThat(manager.createPool(Caller.HOST_ROOT, POOL, "plc.scs")).matches("[0-9a-f]{32}");
    }

    @Test
    void aSliceLearnsOnlyItsOwnPoolsAndTheirRspecs() {
        String rcap = manager.createPool(OWNER, POOL, "plc.scs");
        manager.createPool(OWNER, POOL, "other.service");
        assertThat(manager.getRcaps(SCS)).containsExactly(rcap);
        assertThat(manager.getRcaps(Caller.slice("nobody_here"))).isEmpty();
        assertThat(manager.getRspec(rcap)).isEqualTo(POOL);
        assertThatThrownBy(() -> manager.getRspec("00".repeat(16))).hasMessageContaining("no pool or VM");
    }

    @Test
    void splitReducesTheParentAndBindCreatesAVmNamedByThePoolsRcap() {
        String parent = manager.createPool(OWNER, POOL, "plc.scs");
        String child = manager.splitPool(parent, new Rspec(Map.of(RspecAttribute.CPU_SHARE, "4"), List.of(), "", ""));
        assertThat(manager.getRspec(parent).value(RspecAttribute.CPU_SHARE)).contains("6");
        VmRecord vm = manager.bind(child, "princeton_codeen", new Rspec(Map.of(RspecAttribute.BOOTSCRIPT, "echo hi"), List.of("ssh-ed25519 K"), "", ""));
        assertThat(vm.phase()).isEqualTo(VmPhase.RUNNING);
        assertThat(vm.boundBy()).isEqualTo("plc.scs");
        assertThat(manager.getRspec(child).value(RspecAttribute.CPU_SHARE)).contains("4");
        assertThat(manager.getRspec(child).keys()).containsExactly("ssh-ed25519 K");
        assertThat(manager.getRcaps(SCS)).containsExactly(parent);
        assertThat(runtime.running).contains("princeton_codeen");
    }

    @Test
    void aSplitAndBindIsRecoveredWholeAfterARestartAndARefusedOneLeavesTheExactPart() {
        String parent = manager.createPool(OWNER, POOL, "plc.scs");
        Rspec four = new Rspec(Map.of(RspecAttribute.CPU_SHARE, "4"), List.of(), "", "");
        manager.splitAndBind(parent, four, "princeton_codeen", Rspec.EMPTY, 7);
        manager.setPolicy(OWNER, new OwnerPolicy(0, Set.of("evil_slice"), Set.of()));
        assertThatThrownBy(() -> manager.splitAndBind(parent, four, "evil_slice", Rspec.EMPTY, 8))
                .hasMessageContaining("does not allow slice evil_slice");

        manager.close();
        manager = newManager();
        assertThat(manager.recordedVms()).singleElement().satisfies(vm -> {
            assertThat(vm.name()).isEqualTo("princeton_codeen");
            assertThat(vm.sliceId()).isEqualTo(7);
            assertThat(vm.rspec().value(RspecAttribute.CPU_SHARE)).contains("4");
        });
        assertThat(manager.getRcaps(SCS)).hasSize(2).contains(parent);
        assertThat(manager.getRspec(parent).value(RspecAttribute.CPU_SHARE)).contains("2");
        String part = manager.getRcaps(SCS).stream().filter(rcap -> !rcap.equals(parent)).findFirst().orElseThrow();
        assertThat(manager.getRspec(part).value(RspecAttribute.CPU_SHARE)).contains("4");
    }

    @Test
    void bindingAgainAddsResources() {
        manager.bind(manager.createPool(OWNER, POOL, "plc.scs"), "princeton_codeen", Rspec.EMPTY);
        VmRecord grown = manager.bind(manager.createPool(OWNER, POOL, "plc.scs"), "princeton_codeen", Rspec.EMPTY);
        assertThat(grown.rspec().value(RspecAttribute.CPU_SHARE)).contains("20");
        assertThat(runtime.calls).containsExactly("start princeton_codeen", "update princeton_codeen");
    }

    @Test
    void bindRefusesBlacklistedSlicesAndAuthorities() {
        manager.setPolicy(OWNER, new OwnerPolicy(0, Set.of("evil_slice"), Set.of("plc")));
        String rcap = manager.createPool(OWNER, POOL, "plc.scs");
        assertThatThrownBy(() -> manager.bind(rcap, "fine_slice", Rspec.EMPTY)).hasMessageContaining("slice authority plc");
        manager.setPolicy(OWNER, new OwnerPolicy(0, Set.of("evil_slice"), Set.of()));
        assertThatThrownBy(() -> manager.bind(rcap, "evil_slice", Rspec.EMPTY)).hasMessageContaining("does not allow slice evil_slice");
        assertThatThrownBy(() -> manager.setPolicy(SCS, OwnerPolicy.NONE)).hasMessageContaining("reserved to the owner VM");
        assertThat(manager.bind(rcap, "fine_slice", Rspec.EMPTY).name()).isEqualTo("fine_slice");
    }

    @Test
    void onlyTheBindingServiceOrTheSiteManagesAVm() {
        manager.bind(manager.createPool(OWNER, POOL, "plc.scs"), "princeton_codeen", Rspec.EMPTY);
        Caller sliverItself = Caller.slice("princeton_codeen");
        assertThat(manager.usage(sliverItself, null).cpuNanoseconds()).isEqualTo(1);
        assertThatThrownBy(() -> manager.stopVm(sliverItself, "princeton_codeen")).hasMessageContaining("only the service that bound it");
        assertThatThrownBy(() -> manager.usage(Caller.slice("stranger"), "princeton_codeen")).hasMessageContaining("no VM princeton_codeen");
        assertThat(manager.stopVm(SCS, "princeton_codeen").phase()).isEqualTo(VmPhase.STOPPED);
        assertThat(manager.startVm(OWNER, "princeton_codeen").phase()).isEqualTo(VmPhase.RUNNING);
    }

    @Test
    void aStopByTheSiteHoldsAgainstTheSlicesServiceAcrossRestartsUntilTheSiteStartsIt() {
        manager.bind(manager.createPool(OWNER, POOL, "plc.scs"), "princeton_codeen", Rspec.EMPTY);
        VmRecord stopped = manager.stopVm(OWNER, "princeton_codeen");
        assertThat(stopped.siteStopped()).isTrue();
        assertThatThrownBy(() -> manager.startVm(SCS, "princeton_codeen"))
                .hasMessageContaining("stopped by the node's site").hasMessageContaining("only the site starts it again");
        assertThat(manager.stopVm(SCS, "princeton_codeen").siteStopped()).as("the service's stop does not lift the site's")
                .isTrue();
        assertThat(runtime.running).doesNotContain("princeton_codeen");

        manager.close();
        manager = newManager();
        assertThat(manager.recordedVms()).singleElement().satisfies(vm -> assertThat(vm.siteStopped()).isTrue());
        assertThatThrownBy(() -> manager.startVm(SCS, "princeton_codeen")).hasMessageContaining("only the site");
        assertThat(manager.listVms(SCS)).singleElement().satisfies(vm -> assertThat(vm.siteStopped()).isTrue());

        VmRecord started = manager.startVm(OWNER, "princeton_codeen");
        assertThat(started.phase()).isEqualTo(VmPhase.RUNNING);
        assertThat(started.siteStopped()).isFalse();
        assertThat(manager.stopVm(SCS, "princeton_codeen").siteStopped()).isFalse();
        assertThat(manager.startVm(SCS, "princeton_codeen").phase()).as("a stop by the service the service lifts")
                .isEqualTo(VmPhase.RUNNING);
    }

    @Test
    void destroyIsDurableBeforeTheTeardownRuns() {
        manager.bind(manager.createPool(OWNER, POOL, "plc.scs"), "princeton_codeen", Rspec.EMPTY);
        manager.destroyVm(SCS, "princeton_codeen");
        assertThat(runtime.running).contains("princeton_codeen");
        assertThat(newManager().recordedVms()).extracting(VmRecord::phase).containsExactly(VmPhase.DESTROYING);
        teardowns.forEach(Runnable::run);
        assertThat(runtime.running).doesNotContain("princeton_codeen");
        assertThat(newManager().recordedVms()).isEmpty();
    }

    @Test
    void aTeardownWhoseDeletionACrashLostIsFinishedAgainAtTheNextStart() throws Exception {
        manager.bind(manager.createPool(OWNER, POOL, "plc.scs"), "princeton_codeen", Rspec.EMPTY);
        manager.destroyVm(SCS, "princeton_codeen");
        // The table as a power cut right after the teardown leaves it: the deletion is not flushed there.
        Path beforeDeletion = copyTable(directory.resolveSibling(directory.getFileName() + "-crashed"));
        teardowns.forEach(Runnable::run);
        assertThat(manager.recordedVms()).isEmpty();

        NodeManager restarted = new NodeManager(new NodeStateStore(beforeDeletion), runtime, new Rcaps(new SecureRandom()),
                Clock.systemUTC(), Runnable::run, 10, 180);
        managers.add(restarted);
        VmRecord destroying = restarted.recordedVms().getFirst();
        assertThat(destroying.phase()).isEqualTo(VmPhase.DESTROYING);
        restarted.finishDestroy(destroying);
        assertThat(restarted.recordedVms()).isEmpty();
        assertThat(runtime.running).doesNotContain("princeton_codeen");
        restarted.close();
        NodeManager again = new NodeManager(new NodeStateStore(beforeDeletion), runtime, new Rcaps(new SecureRandom()),
                Clock.systemUTC(), Runnable::run, 10, 180);
        managers.add(again);
        assertThat(again.recordedVms()).as("the deletion was flushed when the node manager closed").isEmpty();
    }

    private Path copyTable(Path target) throws java.io.IOException {
        try (var files = java.nio.file.Files.walk(directory)) {
            for (Path file : files.toList()) {
                java.nio.file.Files.copy(file, target.resolve(directory.relativize(file).toString()));
            }
        }
        return target;
    }

    @Test
    void aVmThatCannotStartIsRemovedAndItsPoolKept() {
        runtime.failStartOf = "broken";
        String rcap = manager.createPool(OWNER, POOL, "plc.scs");
        assertThatThrownBy(() -> manager.bind(rcap, "broken", Rspec.EMPTY)).hasMessageContaining("cannot start broken");
        assertThat(manager.recordedVms()).isEmpty();
        assertThat(manager.getRspec(rcap)).isEqualTo(POOL);
    }

    @Test
    void otherVmTypesAndCpuOverbookingAreRefused() {
        String rcap = manager.createPool(OWNER, POOL, "plc.scs");
        assertThatThrownBy(() -> manager.bind(rcap, "xen_slice", new Rspec(Map.of(RspecAttribute.VM_TYPE, "linux-xen-x86"), List.of(), "", "")))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_IMPLEMENTED));
        assertThatThrownBy(() -> manager.bind(rcap, "greedy", new Rspec(Map.of(RspecAttribute.CPU_GUARANTEE, "190"), List.of(), "", "")))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED));
    }

    @Test
    void rcapsAreDistinct128BitValues() {
        Rcaps rcaps = new Rcaps(new SecureRandom());
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertThat(seen.add(rcaps.next())).isTrue();
        }
        assertThat(Rcaps.fingerprint("ab".repeat(16))).hasSize(8).doesNotContain("abab");
    }
}
