package org.planetlab.node.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.api.rspec.Rspec;

class NodeStateStoreTest {
    private static final Rspec RSPEC = new Rspec(Map.of(RspecAttribute.CPU_SHARE, "5"), List.of("ssh-ed25519 AAAA"), "plc", "");

    @TempDir
    Path directory;

    private List<StateChange> reopened() {
        NodeStateStore store = new NodeStateStore(directory);
        try {
            return store.replay();
        } finally {
            store.close();
        }
    }

    @Test
    void everyPartOfTheStateSurvivesAReopenFromOneLogWhoseFileNamesRevealNoRcap() throws IOException {
        NodeStateStore store = new NodeStateStore(directory);
        String rcap = "0123456789abcdef0123456789abcdef";
        PoolRecord pool = new PoolRecord(rcap, "plc.scs", RSPEC);
        VmRecord vm = new VmRecord("site_vm", 3, VmRecord.LINUX_CONTAINER, RSPEC, "ff".repeat(16), VmPhase.RUNNING, "plc.scs",
                Instant.parse("2026-01-02T03:04:05Z"));
        OwnerPolicy policy = new OwnerPolicy(20_000, Set.of("bad_slice"), Set.of("plc.evil"), "plc.scs");
        Accounts accounts = new Accounts(List.of("ssh-ed25519 PI"), List.of("ssh-ed25519 OPERATOR"));
        store.append(new StateChange.PoolSaved(pool));
        store.append(new StateChange.VmSaved(vm));
        store.append(new StateChange.PolicySaved(policy));
        store.append(new StateChange.AccountsSaved(accounts));
        store.close();

        List<StateChange> replayed = reopened();
        assertThat(replayed).containsExactlyInAnyOrder(new StateChange.PoolSaved(pool), new StateChange.VmSaved(vm),
                new StateChange.PolicySaved(policy), new StateChange.AccountsSaved(accounts));
        OwnerPolicy replayedPolicy = replayed.stream().filter(StateChange.PolicySaved.class::isInstance)
                .map(change -> ((StateChange.PolicySaved) change).policy()).findFirst().orElseThrow();
        assertThat(replayedPolicy.refuses("bad_slice", "")).isTrue();
        assertThat(replayedPolicy.refuses("good", "plc.evil")).isTrue();
        try (var files = Files.walk(directory)) {
            assertThat(files.map(path -> directory.relativize(path).toString())).noneMatch(name -> name.contains(rcap))
                    .containsExactlyInAnyOrder("", "log", "log/log-0", "log/log-1");
        }
        assertThat(Files.getPosixFilePermissions(directory.resolve("log"))).hasSize(3);
    }

    @Test
    void deletedRecordsStayDeleted() {
        NodeStateStore store = new NodeStateStore(directory);
        store.append(new StateChange.PoolSaved(new PoolRecord("aa".repeat(16), "plc.scs", Rspec.EMPTY)));
        store.append(new StateChange.PoolDeleted("aa".repeat(16)));
        store.append(new StateChange.VmSaved(new VmRecord("gone_vm", 1, VmRecord.LINUX_CONTAINER, Rspec.EMPTY, "bb".repeat(16),
                VmPhase.DESTROYING, "plc.scs", Instant.EPOCH)));
        store.append(new StateChange.VmDeleted("gone_vm"));
        store.close();
        assertThat(reopened()).isEmpty();
    }

    @Test
    void aSplitKeepsBothPoolsAndAConsumedPoolIsGoneOnceALaterChangeIsDurable() {
        NodeStateStore store = new NodeStateStore(directory);
        PoolRecord parent = new PoolRecord("aa".repeat(16), "plc.scs", RSPEC);
        PoolRecord child = new PoolRecord("cc".repeat(16), "plc.scs", Rspec.EMPTY);
        store.append(new StateChange.PoolSaved(parent));
        store.append(new StateChange.PoolSplit(parent.withRspec(Rspec.EMPTY), child));
        store.append(new StateChange.PoolConsumed(child.rcap()));
        store.append(new StateChange.PolicySaved(new OwnerPolicy(1, Set.of(), Set.of())));
        store.close();
        assertThat(reopened()).containsExactlyInAnyOrder(new StateChange.PoolSaved(parent.withRspec(Rspec.EMPTY)),
                new StateChange.PolicySaved(new OwnerPolicy(1, Set.of(), Set.of())));
    }
}
