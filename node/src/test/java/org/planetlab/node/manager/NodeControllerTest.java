package org.planetlab.node.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.node.state.NodeStateStore;
import org.planetlab.node.state.VmRecord;

/** The controller keeps answering while kernel work is slow: builds of different slices run side by side. */
class NodeControllerTest {
    private static final Caller OWNER = Caller.slice("site_admin");
    private static final Caller SCS = Caller.slice("plc.scs");
    private static final Rspec POOL = new Rspec(Map.of(RspecAttribute.CPU_SHARE, "10"), List.of(), "plc", "");

    @TempDir
    Path directory;

    @Test
    void aSlowBuildHoldsUpNeitherOtherBuildsNorOtherRequests() throws Exception {
        SlowStartRuntime runtime = new SlowStartRuntime();
        try (NodeManager manager = new NodeManager(new NodeStateStore(directory), runtime, new Rcaps(new SecureRandom()),
                Clock.systemUTC(), Runnable::run, 10, 180)) {
            buildsSideBySide(runtime, manager);
        }
    }

    private static void buildsSideBySide(SlowStartRuntime runtime, NodeManager manager) throws Exception {
        String slowPool = manager.createPool(OWNER, POOL, "plc.scs");
        String fastPool = manager.createPool(OWNER, POOL, "plc.scs");
        CompletableFuture<VmRecord> slow = CompletableFuture.supplyAsync(() -> manager.bind(slowPool, "slow_slice", Rspec.EMPTY));
        assertThat(runtime.started.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(manager.bind(fastPool, "fast_slice", Rspec.EMPTY).name()).isEqualTo("fast_slice");
        assertThat(manager.listVms(OWNER)).extracting(VmRecord::name).containsExactly("fast_slice", "slow_slice");
        assertThatThrownBy(() -> manager.stopVm(SCS, "slow_slice"))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IN_USE));
        assertThatThrownBy(() -> manager.bind(slowPool, "slow_slice", Rspec.EMPTY)).hasMessageContaining("no pool or VM");
        assertThat(slow).isNotDone();

        runtime.release.countDown();
        assertThat(slow.get(10, TimeUnit.SECONDS).name()).isEqualTo("slow_slice");
        assertThat(manager.stopVm(SCS, "slow_slice").name()).isEqualTo("slow_slice");
    }
}
