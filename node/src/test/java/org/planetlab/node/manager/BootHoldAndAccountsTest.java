package org.planetlab.node.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.node.state.Accounts;
import org.planetlab.node.state.NodeStateStore;
import org.planetlab.node.state.OwnerPolicy;
import org.planetlab.node.state.VmPhase;

/**
 * The node manager's side of the boot states and of the login keys PLC lists: a hold stops
 * slivers and refuses new ones until released, and only the service the owner names may install
 * the site's and the operators' keys.
 */
class BootHoldAndAccountsTest {
    private static final Caller SCS = Caller.slice("plc.scs");
    private static final Rspec POOL = new Rspec(Map.of(RspecAttribute.CPU_SHARE, "10"), List.of(), "plc", "");

    @TempDir
    Path directory;
    private final RecordingRuntime runtime = new RecordingRuntime();
    private NodeManager manager;

    @BeforeEach
    void createManager() {
        manager = new NodeManager(new NodeStateStore(directory), runtime, new Rcaps(new SecureRandom()), Clock.systemUTC(),
                Runnable::run, 10, 180);
        manager.ensureOwnerVm(List.of("ssh-ed25519 OWNERFILE"));
        runtime.start(manager.recordedVms().getFirst());
        manager.ensureServiceVm("plc.scs");
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    @Test
    void aHoldStopsSliversRefusesNewOnesAndItsReleaseBringsThemBack() {
        String rcap = manager.createPool(Caller.HOST_ROOT, POOL, "plc.scs");
        manager.bind(manager.splitPool(rcap, new Rspec(Map.of(RspecAttribute.CPU_SHARE, "1"), List.of(), "", "")), "princeton_a",
                Rspec.EMPTY);
        manager.holdSlivers("safeboot", true);
        assertThat(runtime.running).contains("site_admin").doesNotContain("princeton_a");
        assertThatThrownBy(() -> manager.bind(rcap, "princeton_b", Rspec.EMPTY))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("this node is in safeboot");
        assertThat(manager.mayRun(manager.getVm(Caller.HOST_ROOT, "princeton_a"))).isFalse();
        manager.releaseSlivers();
        assertThat(runtime.running).contains("princeton_a", "plc.scs");
        assertThat(manager.held()).isFalse();
    }

    @Test
    void aSliverThatDoesNotStartWhenTheHoldIsLiftedIsPublishedAsFailedWithTheReason() throws Exception {
        String rcap = manager.createPool(Caller.HOST_ROOT, POOL, "plc.scs");
        manager.bind(manager.splitPool(rcap, new Rspec(Map.of(RspecAttribute.CPU_SHARE, "1"), List.of(), "", "")), "princeton_a",
                Rspec.EMPTY);
        List<NodeEvent> seen = new CopyOnWriteArrayList<>();
        try (AutoCloseable subscription = manager.subscribe(seen::add)) {
            manager.holdSlivers("safeboot", true);
            runtime.failStartOf = "princeton_a";
            manager.releaseSlivers();
            Awaitility.await("the failure published").atMost(Duration.ofSeconds(10))
                    .until(() -> seen.stream().anyMatch(NodeEvent.SliverStartFailed.class::isInstance));
        }
        assertThat(seen).contains(new NodeEvent.SliverStartFailed("princeton_a",
                "it did not start again when the node left safeboot: cannot start princeton_a"));
        assertThat(runtime.running).doesNotContain("princeton_a");
        assertThat(manager.getVm(Caller.HOST_ROOT, "princeton_a").phase()).as("still recorded to run")
                .isEqualTo(VmPhase.RUNNING);
    }

    @Test
    void disabledStopsTheOwnerVmToo() {
        manager.holdSlivers("disabled", false);
        assertThat(runtime.running).doesNotContain("site_admin");
    }

    @Test
    void onlyTheServiceTheOwnerNamesInstallsTheSitesAndOperatorsKeys() {
        Accounts accounts = new Accounts(List.of("ssh-ed25519 PI"), List.of("ssh-ed25519 OPERATOR"));
        assertThatThrownBy(() -> manager.setAccounts(SCS, accounts)).hasMessageContaining("accounts-from");
        manager.setPolicy(Caller.HOST_ROOT, OwnerPolicy.NONE.withAccountsFrom("plc.scs"));
        assertThatThrownBy(() -> manager.setAccounts(Caller.slice("princeton_a"), accounts)).hasMessageContaining("may not");
        manager.setAccounts(SCS, accounts);
        assertThat(manager.getVm(Caller.HOST_ROOT, "site_admin").rspec().keys()).containsExactly("ssh-ed25519 OWNERFILE", "ssh-ed25519 PI");
        assertThat(manager.accounts().root()).containsExactly("ssh-ed25519 OPERATOR");
        try (NodeManager restarted = new NodeManager(new NodeStateStore(directory), runtime, new Rcaps(new SecureRandom()),
                Clock.systemUTC(), Runnable::run, 10, 180)) {
            assertThat(restarted.accounts()).isEqualTo(accounts);
            assertThat(restarted.policy().accountsFrom()).isEqualTo("plc.scs");
        }
    }

    @Test
    void aResetKeepsOnlyTheNamedVmsAndNoPool() {
        String rcap = manager.createPool(Caller.HOST_ROOT, POOL, "plc.scs");
        manager.bind(manager.splitPool(rcap, new Rspec(Map.of(RspecAttribute.CPU_SHARE, "1"), List.of(), "", "")), "princeton_a",
                Rspec.EMPTY);
        manager.reset(Set.of("site_admin", "plc.scs"));
        assertThat(manager.recordedVms()).extracting(vm -> vm.name()).containsExactlyInAnyOrder("site_admin", "plc.scs");
        assertThat(manager.getRcaps(Caller.HOST_ROOT)).isEmpty();
    }
}
