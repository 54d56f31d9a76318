package org.planetlab.node.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import org.planetlab.node.sliver.SliverRuntime;
import org.planetlab.node.sliver.SliverUsage;
import org.planetlab.node.state.VmRecord;

/**
 * A sliver runtime that times what it is asked to do: each action by which the node manager
 * converges the machine to its table (start, which creates what is missing; stop; destroy;
 * update), with its outcome, in {@code node_sliver_actions_seconds}. A start's latency is a
 * sliver's create latency.
 */
final class MeteredSliverRuntime implements SliverRuntime {
    private static final Duration[] BUCKETS = {Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(8),
            Duration.ofMillis(15), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5)};

    private final SliverRuntime runtime;
    private final MeterRegistry registry;

    MeteredSliverRuntime(SliverRuntime runtime, MeterRegistry registry) {
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.registry = requireNonNull(registry, "registry is null");
    }

    @Override
    public void start(VmRecord vm) {
        timed("start", () -> runtime.start(vm));
    }

    @Override
    public void stop(VmRecord vm) {
        timed("stop", () -> runtime.stop(vm));
    }

    @Override
    public void destroy(VmRecord vm) {
        timed("destroy", () -> runtime.destroy(vm));
    }

    @Override
    public void update(VmRecord vm) {
        timed("update", () -> runtime.update(vm));
    }

    @Override
    public boolean running(VmRecord vm) {
        return runtime.running(vm);
    }

    @Override
    public SliverUsage usage(VmRecord vm) {
        return runtime.usage(vm);
    }

    @Override
    public Collection<String> removeOrphans(Collection<VmRecord> desired) {
        Collection<String> removed = runtime.removeOrphans(desired);
        registry.counter("node.orphans.removed").increment(removed.size());
        return removed;
    }

    private void timed(String action, Runnable work) {
        long started = System.nanoTime();
        String outcome = "failed";
        try {
            work.run();
            outcome = "ok";
        } finally {
            Timer.builder("node.sliver.actions").description("sliver actions by kind and outcome (ok or failed)")
                    .tags("action", action, "outcome", outcome)
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry)
                    .record(Duration.ofNanos(System.nanoTime() - started));
        }
    }
}
