package org.planetlab.node.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.sliver.SliverStateApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports the state of the node's slivers to PLC (ReportSliverStates, signed with the node key):
 * at once when a state changes (looked at every {@code checkEvery}), and at the interval PLC's
 * answer gives when nothing does. A report whose answer was lost in transit is sent once more with
 * the same number, which PLC records once; a report PLC did not take is sent again at the next
 * look, so a change reaches PLC once it answers.
 */
public final class SliverStateReporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SliverStateReporter.class);

    private final PlcClient plc;
    private final Supplier<List<SliverStateBook.SliverState>> states;
    private final Clock clock;
    private final long agentStarted;
    private long sequence;
    private List<SliverStateBook.SliverState> sent;
    private Instant nextDue = Instant.MIN;
    private volatile boolean closed;

    /**
     * @param plc PLC's API as the node calls it, every request signed with the node key
     * @param states the state of each sliver of PLC's slices on the node, now
     */
    public SliverStateReporter(PlcClient plc, Supplier<List<SliverStateBook.SliverState>> states, Clock clock) {
        this.plc = requireNonNull(plc, "plc is null");
        this.states = requireNonNull(states, "states is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.agentStarted = clock.instant().getEpochSecond();
    }

    /** Looks every {@code checkEvery} on {@code scheduler} until closed. */
    public void start(ScheduledExecutorService scheduler, Duration checkEvery) {
        scheduler.scheduleWithFixedDelay(() -> {
            if (closed) {
                return;
            }
            try {
                reportIfDue();
            } catch (RuntimeException e) {
                LOG.debug("sliver states not reported: {}", e.getMessage());
            }
        }, 0, checkEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends a report if a state changed since the last one PLC took, or if one is due; true if sent. */
    public synchronized boolean reportIfDue() {
        List<SliverStateBook.SliverState> now = states.get();
        if (now.equals(sent) && clock.instant().isBefore(nextDue)) {
            return false;
        }
        Map<String, Object> report = wire(now);
        Map<?, ?> answer;
        try {
            answer = (Map<?, ?>) plc.call(SliverStateApi.REPORT_SLIVER_STATES, report);
        } catch (PlanetLabException e) {
            if (e.code() != ErrorCode.UNAVAILABLE) {
                throw e;
            }
            // PLC may have recorded it and lost only the answer: the same number is recorded once.
            answer = (Map<?, ?>) plc.call(SliverStateApi.REPORT_SLIVER_STATES, report);
        }
        sent = now;
        nextDue = clock.instant().plusSeconds(((Number) answer.get("interval_seconds")).longValue());
        List<?> ignored = (List<?>) answer.get("ignored");
        if (ignored != null && !ignored.isEmpty()) {
            LOG.debug("PLC ignored the states of {}: their slices do not have this node", ignored);
        }
        return true;
    }

    private Map<String, Object> wire(List<SliverStateBook.SliverState> now) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("sent_at", clock.instant().getEpochSecond());
        report.put("agent_started", agentStarted);
        report.put("sequence", ++sequence);
        report.put("slivers", now.stream().map(state -> {
            Map<String, Object> sliver = new LinkedHashMap<>();
            sliver.put("name", state.name());
            sliver.put("state", state.state());
            sliver.put("reason", state.reason());
            sliver.put("since", state.since().getEpochSecond());
            return sliver;
        }).toList());
        return report;
    }

    @Override
    public void close() {
        closed = true;
    }
}
