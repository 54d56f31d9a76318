package org.planetlab.node.manager;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns the node's desired state. Requests and the completions of kernel
 * work are events on its queue, run one at a time, so the state needs no lock; an event never
 * waits on the kernel (that runs on {@link KernelWork}) and flushes only the record it
 * acknowledges.
 */
final class NodeController {
    private static final Logger LOG = LoggerFactory.getLogger(NodeController.class);

    private final BlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
    private final Thread thread;

    NodeController() {
        thread = Thread.ofPlatform().name("node-controller").daemon().start(this::run);
    }

    private void run() {
        while (true) {
            Runnable event;
            try {
                event = events.take();
            } catch (InterruptedException e) {
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
        } else {
            events.add(event);
        }
    }

    /**
     * Queues {@code operation}, which completes the reply itself, at once or from a later event;
     * an exception it throws fails the reply.
     */
    <T> CompletableFuture<T> submit(Consumer<CompletableFuture<T>> operation) {
        CompletableFuture<T> reply = new CompletableFuture<>();
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

    void close() {
        thread.interrupt();
    }
}
