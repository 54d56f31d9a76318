package org.planetlab.plc.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.planetlab.api.metrics.MetricsListener;
import org.planetlab.plc.api.CallObserver;
import org.planetlab.plc.mail.MailOutbox;
import org.planetlab.plc.sliver.SliverViews;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PLC's Prometheus metrics: calls per API method and outcome with their latency
 * ({@code plc_api_calls_seconds}), nodes waiting in a long poll, cached sliver views, and the JVM.
 * Served by {@link MetricsListener} on {@code metrics.listen} only, apart from the API.
 */
public final class PlcMetrics implements CallObserver, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PlcMetrics.class);
    /** Latency buckets from a millisecond to a long poll's minute. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30),
            Duration.ofSeconds(90)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MetricsSettings settings;
    private MetricsListener listener;

    public PlcMetrics(MetricsSettings settings, SliverViews views) {
        this.settings = requireNonNull(settings, "settings is null");
        requireNonNull(views, "views is null");
        Gauge.builder("plc.long.poll.waiters", views, SliverViews::waiters)
                .description("nodes waiting in a GetSlivers long poll now").register(registry);
        Gauge.builder("plc.cached.views", views, SliverViews::cachedViews)
                .description("per-node sliver views held in the cache").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    /** Counts each outbox's mail waiting to leave, and how long the oldest has waited (a stuck sender or mail server). */
    public void watch(List<MailOutbox> outboxes) {
        for (MailOutbox outbox : outboxes) {
            Gauge.builder("plc.mail.unsent", outbox, MailOutbox::unsent)
                    .description("messages of the outbox not sent yet").tag("outbox", outbox.name()).register(registry);
            Gauge.builder("plc.mail.oldest.unsent.seconds", outbox, MailOutbox::oldestUnsentSeconds)
                    .description("how long the outbox's oldest message not sent yet has waited").tag("outbox", outbox.name())
                    .register(registry);
        }
    }

    @Override
    public void called(String method, String outcome, long nanoseconds) {
        Timer.builder("plc.api.calls").description("API calls by method and outcome (ok or the error code)")
                .tags("method", method, "outcome", outcome)
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(Duration.ofNanos(nanoseconds));
    }

    /** Serves /metrics if {@code metrics.listen} is set. */
    public void start() {
        settings.listen().ifPresent(address -> {
            listener = MetricsListener.start(address, registry::scrape, "plc-metrics");
            LOG.info("metrics served at http://{}:{}/metrics", listener.address().getHostString(),
                    listener.address().getPort());
        });
    }

    /** Where /metrics is served, if it is. */
    public Optional<InetSocketAddress> address() {
        return Optional.ofNullable(listener).map(MetricsListener::address);
    }

    /** The page as a scrape reads it. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close();
        }
        registry.close();
    }
}
