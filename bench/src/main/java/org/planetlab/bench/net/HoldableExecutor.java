package org.planetlab.bench.net;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;

/**
 * Runs tasks on a delegate, except while held: then it keeps them until released. The benchmark
 * holds background work while it times an operation, so the figures count only that operation.
 */
final class HoldableExecutor implements Executor {
    private final Executor delegate;
    private final Deque<Runnable> held = new ArrayDeque<>();
    private boolean holding;

    HoldableExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    @Override
    public synchronized void execute(Runnable task) {
        if (holding) {
            held.add(task);
        } else {
            delegate.execute(task);
        }
    }

    synchronized void hold() {
        holding = true;
    }

    synchronized void release() {
        holding = false;
        while (!held.isEmpty()) {
            delegate.execute(held.poll());
        }
    }
}
