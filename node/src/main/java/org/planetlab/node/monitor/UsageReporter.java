package org.planetlab.node.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.usage.UsageApi;
import org.planetlab.node.sliver.SliverUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports the usage of the node's slivers to PLC (ReportUsage, signed with the node key) at the
 * interval PLC's answer gives, those PLC's view made and those made from tickets alike: each sliver's CPU time and traffic as the counters the node keeps
 * (PLC records their increase, so a lost report loses nothing), its memory, disk and processes as
 * they are. A report whose answer was lost in transit is sent once more with the same number,
 * which PLC records once.
 */
public final class UsageReporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UsageReporter.class);

    /**
     * One sliver and what it uses; {@code fromTicket} for a sliver made from a redeemed ticket,
     * which PLC finds by its slice alone (the slice need not have the node).
     */
    public record Measured(String name, SliverUsage usage, boolean fromTicket) {
        public Measured {
            requireNonNull(name, "name is null");
            requireNonNull(usage, "usage is null");
        }

        /** A sliver made from PLC's view of the node. */
        public Measured(String name, SliverUsage usage) {
            this(name, usage, false);
        }
    }

    private final PlcClient plc;
    private final Supplier<List<Measured>> slivers;
    private final Clock clock;
    private final long agentStarted;
    private long sequence;
    private volatile boolean closed;

    /**
     * @param plc PLC's API as the node calls it, every request signed with the node key
     * @param slivers the slivers the node runs for PLC's slices, measured now
     */
    public UsageReporter(PlcClient plc, Supplier<List<Measured>> slivers, Clock clock) {
        this.plc = requireNonNull(plc, "plc is null");
        this.slivers = requireNonNull(slivers, "slivers is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.agentStarted = clock.instant().getEpochSecond();
    }

    /** Reports on {@code scheduler} until closed, at the interval PLC asks for. */
    public void start(ScheduledExecutorService scheduler) {
        scheduler.schedule(() -> reportAndReschedule(scheduler), 0, TimeUnit.SECONDS);
    }

    private void reportAndReschedule(ScheduledExecutorService scheduler) {
        if (closed) {
            return;
        }
        Duration next = Duration.ofSeconds(UsageApi.DEFAULT_INTERVAL_SECONDS);
        try {
            next = report();
        } catch (RuntimeException e) {
            LOG.debug("usage report not sent: {}", e.getMessage());
        }
        if (!closed) {
            scheduler.schedule(() -> reportAndReschedule(scheduler), next.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Measures and sends one report; returns when PLC wants the next. */
    public synchronized Duration report() {
        Map<String, Object> report = next();
        Map<?, ?> answer;
        try {
            answer = (Map<?, ?>) plc.call(UsageApi.REPORT_USAGE, report);
        } catch (PlanetLabException e) {
            if (e.code() != ErrorCode.UNAVAILABLE) {
                throw e;
            }
            // PLC may have recorded it and lost only the answer: the same number is recorded once.
            answer = (Map<?, ?>) plc.call(UsageApi.REPORT_USAGE, report);
        }
        return Duration.ofSeconds(((Number) answer.get("interval_seconds")).longValue());
    }

    /** The next report, as sent. */
    synchronized Map<String, Object> next() {
        List<Map<String, Object>> measured = slivers.get().stream().map(UsageReporter::wire).toList();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("sent_at", clock.instant().getEpochSecond());
        report.put("agent_started", agentStarted);
        report.put("sequence", ++sequence);
        report.put("slivers", measured);
        return report;
    }

    private static Map<String, Object> wire(Measured sliver) {
        SliverUsage usage = sliver.usage();
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("name", sliver.name());
        wire.put("cpu_ns", usage.cpuNanoseconds());
        wire.put("memory_bytes", usage.memoryBytes());
        wire.put("disk_bytes", usage.diskBytes());
        wire.put("processes", usage.processes());
        wire.put("bytes_sent", usage.bytesSent());
        wire.put("packets_sent", usage.packetsSent());
        wire.put("bytes_received", usage.bytesReceived());
        wire.put("packets_received", usage.packetsReceived());
        if (sliver.fromTicket()) {
            wire.put("ticket", true);
        }
        return wire;
    }

    @Override
    public void close() {
        closed = true;
    }
}
