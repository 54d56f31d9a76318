package org.planetlab.node.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.planetlab.api.metrics.MetricsListener;
import org.planetlab.node.audit.FlowCapture;
import org.planetlab.node.audit.UploadCounters;
import org.planetlab.node.sliver.SliverRuntime;
import org.planetlab.node.state.VmPhase;
import org.planetlab.node.state.VmRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent's Prometheus metrics: slivers by phase ({@code node_slivers}), the sliver
 * actions that converge the machine with their latency ({@code node_sliver_actions_seconds}),
 * flow records the auditing wrote and uploaded, and the JVM. Served on {@code metrics-listen} only, apart from
 * every other listener of the node; the page holds counts and durations, no slice's data.
 */
public final class NodeMetrics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeMetrics.class);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private MetricsListener listener;

    public NodeMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    /** {@code runtime}, its actions timed. */
    public SliverRuntime metered(SliverRuntime runtime) {
        return new MeteredSliverRuntime(runtime, registry);
    }

    /** Counts the recorded slivers by phase at each scrape. */
    public void watch(Supplier<List<VmRecord>> slivers) {
        requireNonNull(slivers, "slivers is null");
        for (VmPhase phase : VmPhase.values()) {
            Gauge.builder("node.slivers", () -> slivers.get().stream().filter(vm -> vm.phase() == phase).count())
                    .description("slivers recorded on the node, by phase")
                    .tag("phase", phase.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry);
        }
    }

    /** Counts what flow auditing recorded and deleted to stay within its budget. */
    public void watch(FlowCapture capture) {
        requireNonNull(capture, "capture is null");
        FunctionCounter.builder("node.audit.flow.records", capture, FlowCapture::recordsWritten)
                .description("flow records written to the node's store").register(registry);
        FunctionCounter.builder("node.audit.budget.deletions", capture, FlowCapture::budgetDeletions)
                .description("store files deleted to keep within the audit budget").register(registry);
    }

    /** Counts what the flow uploader sent to PLC, and what waits. */
    public void watch(UploadCounters uploader) {
        requireNonNull(uploader, "uploader is null");
        FunctionCounter.builder("node.audit.upload.records", uploader, UploadCounters::recordsUploaded)
                .description("flow records PLC acknowledged").register(registry);
        FunctionCounter.builder("node.audit.upload.batches", uploader, UploadCounters::batchesUploaded)
                .description("flow batches PLC acknowledged").register(registry);
        FunctionCounter.builder("node.audit.upload.failures", uploader, UploadCounters::failures)
                .description("flow batch uploads PLC refused or did not answer (the batch is sent again)").register(registry);
        Gauge.builder("node.audit.upload.pending.records", uploader, UploadCounters::pendingRecords)
                .description("records of the batch waiting for PLC's acknowledgement").register(registry);
        Gauge.builder("node.audit.upload.caught.up.seconds", uploader, UploadCounters::caughtUpAt)
                .description("when every stored flow record had been uploaded, seconds since the epoch (0: not yet)")
                .register(registry);
    }

    /** Serves /metrics at {@code address}, if given. */
    public void start(Optional<InetSocketAddress> address) {
        address.ifPresent(where -> {
            listener = MetricsListener.start(where, registry::scrape, "node-metrics");
            LOG.info("metrics served at http://{}:{}/metrics", listener.address().getHostString(),
                    listener.address().getPort());
        });
    }

    /** Where /metrics is served, if it is. */
    public Optional<InetSocketAddress> address() {
        return Optional.ofNullable(listener).map(MetricsListener::address);
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close();
        }
        registry.close();
    }
}
