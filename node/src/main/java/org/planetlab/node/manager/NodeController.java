package org.planetlab.node.manager;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns the node's desired state. Requests and the completions of kernel
 * work are events on its queue, run one at a time, so the state needs no lock; an event never
 * waits on the kernel (that runs on {@link KernelWork}) and flushes only the record it
 * acknowledges.
 *
 * <p>Closing takes two steps: {@link #refuseRequests} turns new requests away while the events
 * already queued, and the completions of kernel work still running, go on being run; {@link
 * #close} then runs what is queued and ends the thread.
 */
final class NodeController {
    private static final Logger LOG = LoggerFactory.getLogger(NodeController.class);

    private final BlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
    /** Queued by {@link #close}: the thread ends when it reaches it. */
    private final Runnable end = () -> {};
    private final Thread thread;
    private volatile boolean refusing;
    private volatile boolean ended;

    NodeController(ManagerThreads threads) {
        thread = threads.factory("node-controller", false).newThread(this::run);
        thread.start();
    }

    private void run() {
        while (true) {
            Runnable event;
            try {
                event = events.take();
            } catch (InterruptedException e) {
                return;
            }
            if (event == end) {
                ended = true;
                return;
            }
            try {
                event.run();
            } catch (RuntimeException e) {
                LOG.error("node controller event failed", e);
            }
        }
    }

    /** Queues an event; it runs on the controller thread after those queued before it. */
    void post(Runnable event) {
        if (Thread.currentThread() == thread) {
            event.run();
        } else if (ended) {
            LOG.debug("node controller has ended; an event came too late and is dropped");
        } else {
            events.add(event);
        }
    }

    /**
     * Queues {@code operation}, which completes the reply itself, at once or from a later event;
     * an exception it throws fails the reply. Once closing, a request from another thread is
     * refused with {@code UNAVAILABLE}.
     */
    <T> CompletableFuture<T> submit(Consumer<CompletableFuture<T>> operation) {
        CompletableFuture<T> reply = new CompletableFuture<>();
        if (refusing && Thread.currentThread() != thread) {
            reply.completeExceptionally(new PlanetLabException(ErrorCode.UNAVAILABLE,
                    "the node manager is shutting down; ask again once the node agent runs"));
            return reply;
        }
        post(() -> {
            try {
                operation.accept(reply);
            } catch (RuntimeException e) {
                reply.completeExceptionally(e);
            }
        });
        return reply;
    }

    /** Runs {@code operation} on the controller thread and waits for its result. */
    <T> T call(Supplier<T> operation) {
        return await(submit(reply -> reply.complete(operation.get())));
    }

    void run(Runnable operation) {
        call(() -> {
            operation.run();
            return null;
        });
    }

    /** Waits for a reply; its failure is thrown as it was raised. */
    static <T> T await(CompletableFuture<T> reply) {
        try {
            return reply.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** From now on, requests from other threads are refused; queued events and kernel work completions still run. */
    void refuseRequests() {
        refusing = true;
    }

    /** Runs the events queued so far, then ends the thread, waiting for it at most {@code limit}; later events are dropped. */
    void close(Duration limit) {
        refuseRequests();
        events.add(end);
        try {
            if (!thread.join(limit)) {
                LOG.warn("node controller still runs after {}", limit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
