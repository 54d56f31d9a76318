package org.planetlab.node.state;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node manager's durable state (VMs, pools, the owner's policy, the accounts) as one
 * {@link RecordLog} in {@code <table>/log}: every change is a {@link StateChange} appended there
 * ({@link #append}), whose durable changes cost one flush of an already allocated block whatever
 * the number of slivers, and {@link #replay} gives the whole state back at start.
 *
 * <p>Tables of earlier versions (a file per pool, the policy and the accounts in files, the VMs
 * in files or a log of their own) are moved into the log at the first open: the log is written
 * and flushed under {@code log.new}, renamed to {@code log} (the moment the move counts), and only
 * then are the old files removed. A crash before the rename leaves the old files whole, and the
 * next open starts the move again; after it, old files still present are leftovers and are
 * removed unread, so a later change to the log is never undone by them.
 */
public final class NodeStateStore {
    private static final Logger LOGGER = LoggerFactory.getLogger(NodeStateStore.class);
    private static final String LOG = "log";
    private static final String STAGING = "log.new";
    private final RecordLog log;

    public NodeStateStore(Path directory) {
        this(directory, step -> {});
    }

    /** Like {@link #NodeStateStore(Path)}, telling {@code migrationStep} each step of a move from an earlier table as it is done. */
    NodeStateStore(Path directory, Consumer<String> migrationStep) {
        requireNonNull(directory, "directory is null");
        requireNonNull(migrationStep, "migrationStep is null");
        Path logDirectory = directory.resolve(LOG);
        if (!Files.isDirectory(logDirectory) && LegacyTable.present(directory)) {
            migrate(directory, logDirectory, migrationStep);
        }
        LegacyTable.remove(directory, () -> migrationStep.accept("removed a directory of the earlier table"));
        this.log = RecordLog.open(logDirectory);
    }

    private static void migrate(Path directory, Path logDirectory, Consumer<String> step) {
        Map<String, byte[]> records = LegacyTable.read(directory);
        Path staging = directory.resolve(STAGING);
        LegacyTable.deleteRecursively(staging);
        step.accept("read the earlier table");
        RecordLog log = RecordLog.open(staging);
        try {
            for (Map.Entry<String, byte[]> record : records.entrySet()) {
                log.putLater(record.getKey(), record.getValue());
                step.accept("wrote " + record.getKey());
            }
            log.flush();
        } finally {
            log.close();
        }
        step.accept("flushed the new log");
        try {
            Files.move(staging, logDirectory, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename " + staging + " to " + logDirectory, e);
        }
        LegacyTable.flushDirectory(directory);
        step.accept("renamed the new log");
    }

    /**
     * Flushes the changes not yet durable (a torn-down VM's deletion, a used-up pool) and closes the
     * log. A flush that fails loses nothing the next start cannot redo: it finishes those teardowns
     * and drops those pools again.
     */
    public void close() {
        try {
            log.flush();
        } catch (UncheckedIOException e) {
            LOGGER.warn("the last changes of the node's table were not flushed; the next start redoes them: {}", e.getMessage());
        } finally {
            log.close();
        }
    }

    /**
     * Appends {@code change}; durable when this returns, but for a consumed pool, which becomes
     * durable with the next change (see {@link StateChange.PoolConsumed}). Safe from any thread.
     */
    public void append(StateChange change) {
        switch (change) {
            case StateChange.PoolSaved(var pool) -> log.put(StateRecords.poolName(pool.rcap()), StateRecords.pool(pool));
            case StateChange.PoolSplit(var parent, var child) -> {
                log.putLater(StateRecords.poolName(parent.rcap()), StateRecords.pool(parent));
                log.put(StateRecords.poolName(child.rcap()), StateRecords.pool(child));
            }
            case StateChange.PoolConsumed(var rcap) -> log.deleteLater(StateRecords.poolName(rcap));
            case StateChange.PoolDeleted(var rcap) -> log.delete(StateRecords.poolName(rcap));
            case StateChange.VmSaved(var vm) -> log.put(StateRecords.vmName(vm.name()), StateRecords.vm(vm));
            case StateChange.VmDeleted(var name) -> log.delete(StateRecords.vmName(name));
            case StateChange.PolicySaved(var policy) -> log.put(StateRecords.POLICY, StateRecords.policy(policy));
            case StateChange.AccountsSaved(var accounts) -> log.put(StateRecords.ACCOUNTS, StateRecords.accounts(accounts));
        }
    }

    /**
     * Appends a split without waiting for the disk: it becomes durable with the next durable change
     * after it, as entries are read back in order. For a split whose part is bound at once, whose
     * VM's record (flushed) follows it: a crash before that flush leaves the pool unsplit, as if
     * the request had never come, which is all a caller who got no answer may assume.
     */
    public void appendLater(StateChange.PoolSplit split) {
        log.putLater(StateRecords.poolName(split.parent().rcap()), StateRecords.pool(split.parent()));
        log.putLater(StateRecords.poolName(split.child().rcap()), StateRecords.pool(split.child()));
    }

    /**
     * Deletes a VM's record without waiting for the disk: the deletion becomes durable with the next
     * durable change. For a VM whose teardown is done: should a crash lose the deletion, the VM is
     * read back as {@code DESTROYING} and the next start finishes its teardown again, which finds
     * nothing left and deletes the record.
     */
    public void appendLater(StateChange.VmDeleted deleted) {
        log.deleteLater(StateRecords.vmName(deleted.name()));
    }

    /** The state the log holds, as the changes that make it from nothing: one {@code *Saved} change per object. */
    public List<StateChange> replay() {
        List<StateChange> changes = new ArrayList<>();
        log.records().forEach((name, json) -> changes.add(StateRecords.saved(name, json)));
        return changes;
    }
}
