package org.planetlab.node.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.api.rspec.Rspec;

/**
 * A table written by earlier versions (pools, policy and accounts in files, VMs in files or in a
 * log of their own) loads, moves into the one log once, and loses nothing whichever step of the
 * move a crash interrupts.
 */
class NodeStateStoreMigrationTest {
    private static final String POOL_RCAP = "0123456789abcdef0123456789abcdef";
    private static final String LOGGED_VM_RCAP = "ab".repeat(16);
    private static final String FILED_VM_RCAP = "cd".repeat(16);
    private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05Z");
    private static final List<StateChange> EARLIER_STATE = List.of(
            new StateChange.AccountsSaved(new Accounts(List.of("ssh-ed25519 PI"), List.of("ssh-ed25519 OPERATOR"))),
            new StateChange.PolicySaved(new OwnerPolicy(20_000, Set.of("bad_slice"), Set.of("plc.evil"), "plc.scs")),
            new StateChange.PoolSaved(new PoolRecord(POOL_RCAP, "plc.scs",
                    new Rspec(Map.of(RspecAttribute.CPU_SHARE, "5"), List.of("ssh-ed25519 AAAA"), "plc", ""))),
            new StateChange.VmSaved(new VmRecord("filed_slice", 2, VmRecord.LINUX_CONTAINER, Rspec.EMPTY, FILED_VM_RCAP, VmPhase.STOPPED,
                    "plc.scs", CREATED)),
            new StateChange.VmSaved(new VmRecord("logged_slice", 4, VmRecord.LINUX_CONTAINER,
                    new Rspec(Map.of(RspecAttribute.CPU_SHARE, "3"), List.of(), "", ""), LOGGED_VM_RCAP, VmPhase.RUNNING, "plc.scs",
                    CREATED)));

    @TempDir
    Path directory;

    /** Writes the table as the earlier versions left it, in their very bytes. */
    private static void writeEarlierTable(Path table) throws IOException {
        Files.createDirectories(table.resolve("pools"));
        Files.createDirectories(table.resolve("policy"));
        Files.createDirectories(table.resolve("vms"));
        Files.writeString(table.resolve("pools/3c7c1ab1fa0ad9ee9fb5c47e6b0f3b6a.json"), "{\"rcap\":\"" + POOL_RCAP
                + "\",\"slice\":\"plc.scs\",\"rspec\":{\"cpu_share\":5,\"keys\":[\"ssh-ed25519 AAAA\"],\"authority\":\"plc\"}}");
        Files.writeString(table.resolve("pools/0000000000000000000000000000aaaa.json.tmp"), "{\"rcap\":\"half written");
        Files.writeString(table.resolve("policy/policy.json"), "{\"node_rate_kbps\":20000,\"blacklisted_slices\":[\"bad_slice\"],"
                + "\"blacklisted_authorities\":[\"plc.evil\"],\"accounts_from\":\"plc.scs\"}");
        Files.writeString(table.resolve("policy/accounts.json"), "{\"site_admin\":[\"ssh-ed25519 PI\"],\"root\":[\"ssh-ed25519 OPERATOR\"]}");
        Files.writeString(table.resolve("vms/filed_slice.json"), vmJson("filed_slice", 2, FILED_VM_RCAP, "STOPPED", "{}"));
        RecordLog vmLog = RecordLog.open(table.resolve("vm-log"));
        vmLog.put("logged_slice", vmJson("logged_slice", 4, LOGGED_VM_RCAP, "RUNNING", "{\"cpu_share\":3}").getBytes(StandardCharsets.UTF_8));
        vmLog.close();
    }

    private static String vmJson(String name, int index, String rcap, String phase, String rspec) {
        return "{\"name\":\"" + name + "\",\"index\":" + index + ",\"vm_type\":\"linux-container-x86_64\",\"rspec\":" + rspec
                + ",\"rcap\":\"" + rcap + "\",\"phase\":\"" + phase + "\",\"bound_by\":\"plc.scs\",\"created\":\"2026-01-02T03:04:05Z\"}";
    }

    private static List<StateChange> load(Path table) {
        NodeStateStore store = new NodeStateStore(table);
        try {
            return store.replay();
        } finally {
            store.close();
        }
    }

    private static List<String> contents(Path table) throws IOException {
        try (Stream<Path> paths = Files.list(table)) {
            return paths.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void anEarlierTableLoadsWholeAndOnlyTheLogIsLeft() throws IOException {
        writeEarlierTable(directory);
        assertThat(load(directory)).containsExactlyInAnyOrderElementsOf(EARLIER_STATE);
        assertThat(contents(directory)).containsExactly("log");
        assertThat(load(directory)).containsExactlyInAnyOrderElementsOf(EARLIER_STATE);
    }

    /** A crash is an exception thrown once a step is done: what is on disk stays as that step left it. */
    private static final class Crash extends RuntimeException {
        Crash(String step) {
            super("crashed after: " + step);
        }
    }

    @Test
    void aCrashAfterAnyStepOfTheMoveLosesNothing() throws IOException {
        List<String> steps = new ArrayList<>();
        for (int crashAfter = 0; ; crashAfter++) {
            Path table = Files.createDirectory(directory.resolve("crash-after-" + crashAfter));
            writeEarlierTable(table);
            int[] done = {0};
            int stop = crashAfter;
            try {
                new NodeStateStore(table, step -> {
                    if (done[0]++ == stop) {
                        steps.add(step);
                        throw new Crash(step);
                    }
                }).close();
                break;
            } catch (Crash crash) {
                assertThat(load(table)).as("state after a crash once this was done: %s", crash.getMessage())
                        .containsExactlyInAnyOrderElementsOf(EARLIER_STATE);
                assertThat(contents(table)).containsExactly("log");
            }
        }
        assertThat(steps).as("every step, each with a crash after it").hasSize(1 + 5 + 2 + 4)
                .contains("read the earlier table", "flushed the new log", "renamed the new log");
    }

    @Test
    void aCrashDuringTheMoveAndAgainDuringTheNextStillLosesNothing() throws IOException {
        writeEarlierTable(directory);
        assertThatThrownBy(() -> new NodeStateStore(directory, step -> {
            if (step.startsWith("wrote vm/")) {
                throw new Crash(step);
            }
        })).isInstanceOf(Crash.class);
        assertThat(contents(directory)).contains("log.new", "pools", "policy", "vm-log", "vms").doesNotContain("log");
        assertThatThrownBy(() -> new NodeStateStore(directory, step -> {
            if (step.equals("removed a directory of the earlier table")) {
                throw new Crash(step);
            }
        })).isInstanceOf(Crash.class);
        assertThat(load(directory)).containsExactlyInAnyOrderElementsOf(EARLIER_STATE);
        assertThat(contents(directory)).containsExactly("log");
    }

    @Test
    void filesOfTheEarlierTableLeftAfterTheMoveNeverUndoALaterChange() throws IOException {
        writeEarlierTable(directory);
        Path leftovers = Files.createDirectory(directory.resolve("leftovers"));
        writeEarlierTable(leftovers);
        NodeStateStore store = new NodeStateStore(directory);
        store.append(new StateChange.PoolDeleted(POOL_RCAP));
        store.append(new StateChange.VmDeleted("filed_slice"));
        store.close();
        // As if the removal of the old files had not reached the disk before a power cut.
        for (String name : List.of("pools", "vms")) {
            Files.move(leftovers.resolve(name), directory.resolve(name));
        }

        assertThat(load(directory)).hasSize(EARLIER_STATE.size() - 2)
                .noneMatch(change -> change instanceof StateChange.PoolSaved)
                .noneMatch(change -> change instanceof StateChange.VmSaved(var vm) && vm.name().equals("filed_slice"));
        assertThat(contents(directory)).containsExactly("leftovers", "log");
    }
}
