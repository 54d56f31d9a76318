package org.planetlab.node.manager;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.planetlab.node.sliver.SliverRuntime;
import org.planetlab.node.state.NodeStateStore;
import org.planetlab.node.state.StateChange;
import org.planetlab.node.state.VmRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a new VM while its record is flushed, and answers once both are done; if either fails,
 * removes both. A crash before the flush leaves objects no record names, which the next start of
 * the agent removes as orphans; a crash after it leaves a recorded VM that the next start
 * finishes building. Either way an unacknowledged bind leaves nothing half made.
 */
final class RecordedStart {
    private static final Logger LOG = LoggerFactory.getLogger(RecordedStart.class);

    private final NodeStateStore store;
    private final SliverRuntime runtime;
    private final ExecutorService recordWriter;

    RecordedStart(NodeStateStore store, SliverRuntime runtime, ManagerThreads threads) {
        this.store = requireNonNull(store, "store is null");
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.recordWriter = Executors.newCachedThreadPool(threads.factory("vm-records-", true));
    }

    /** Takes no more records; those being written are finished (the kernel work waiting for them has ended first). */
    void close() {
        recordWriter.shutdown();
    }

    /** Starts {@code vm} and makes its record durable; on failure neither remains, and the failure is thrown. */
    void start(VmRecord vm) {
        CompletableFuture<Void> recorded = CompletableFuture.runAsync(() -> store.append(new StateChange.VmSaved(vm)), recordWriter);
        try {
            runtime.start(vm);
            recorded.join();
        } catch (RuntimeException e) {
            RuntimeException cause = e instanceof CompletionException && e.getCause() instanceof RuntimeException failure ? failure : e;
            LOG.warn("VM {} did not start; removing it: {}", vm.name(), cause.getMessage());
            runtime.destroy(vm);
            try {
                recorded.join();
                store.append(new StateChange.VmDeleted(vm.name()));
            } catch (RuntimeException recordFailure) {
                // Not recorded, or its removal failed: the next start compares the record with the machine.
                LOG.warn("VM {}: {}", vm.name(), recordFailure.getMessage());
            }
            throw cause;
        }
    }
}
