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
    @TempDir
    Path directory;

    @Test
    void recordsSurviveAReopenAndFileNamesRevealNoRcap() throws IOException {
        NodeStateStore store = new NodeStateStore(directory);
        String rcap = "0123456789abcdef0123456789abcdef";
        Rspec rspec = new Rspec(Map.of(RspecAttribute.CPU_SHARE, "5"), List.of("ssh-ed25519 AAAA"), "plc", "");
        store.savePool(new PoolRecord(rcap, "plc.scs", rspec));
        VmRecord vm = new VmRecord("site_vm", 3, VmRecord.LINUX_CONTAINER, rspec, "ff".repeat(16), VmPhase.RUNNING, "plc.scs",
                Instant.parse("2026-01-02T03:04:05Z"));
        store.saveVm(vm);
        store.savePolicy(new OwnerPolicy(20_000, Set.of("bad_slice"), Set.of("plc.evil")));

        NodeStateStore reopened = new NodeStateStore(directory);
        assertThat(reopened.loadPools()).containsExactly(new PoolRecord(rcap, "plc.scs", rspec));
        assertThat(reopened.loadVms()).containsExactly(vm);
        assertThat(reopened.loadPolicy().refuses("bad_slice", "")).isTrue();
        assertThat(reopened.loadPolicy().refuses("good", "plc.evil")).isTrue();
        try (var files = Files.walk(directory)) {
            assertThat(files.map(Path::toString)).noneMatch(name -> name.contains(rcap)).noneMatch(name -> name.endsWith(".tmp"));
        }
        assertThat(Files.getPosixFilePermissions(directory.resolve("pools"))).hasSize(3);
    }

    @Test
    void aTemporaryFileLeftByACrashIsIgnoredAndRemoved() throws IOException {
        NodeStateStore store = new NodeStateStore(directory);
        store.savePolicy(new OwnerPolicy(1, Set.of(), Set.of()));
        Files.writeString(directory.resolve("policy/policy.json.tmp"), "{\"half");
        assertThat(new NodeStateStore(directory).loadPolicy().nodeRateKbps()).isEqualTo(1);
        assertThat(directory.resolve("policy/policy.json.tmp")).doesNotExist();
    }

    @Test
    void deletedRecordsStayDeleted() {
        NodeStateStore store = new NodeStateStore(directory);
        store.savePool(new PoolRecord("aa".repeat(16), "plc.scs", Rspec.EMPTY));
        store.deletePool("aa".repeat(16));
        assertThat(new NodeStateStore(directory).loadPools()).isEmpty();
    }
}
