package org.planetlab.node.monitor;

import static java.util.Objects.requireNonNull;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.monitor.MonitorApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the node's heartbeat to PLC (ReportHeartbeat, signed with the node key) every few
 * seconds: the agent's version and run, the boot state and what the agent is doing, load, memory,
 * the slivers' disk, the sliver count, the clock's offset from PLC's (measured from the previous
 * answer, to the second) and the errors of recent sends. One small request; PLC writes nothing
 * for it unless the node's state changes. When PLC cannot be reached the node goes on as before
 * and tries again at the next beat.
 */
public final class HeartbeatSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatSender.class);
    private static final int MAX_ERRORS = 20;

    /** What the agent knows of itself at a beat. */
    public record AgentState(String bootState, String runLevel, long slivers) {
        public AgentState {
            requireNonNull(bootState, "bootState is null");
            requireNonNull(runLevel, "runLevel is null");
        }
    }

    private final PlcClient plc;
    private final Supplier<AgentState> state;
    private final Path sliverDisk;
    private final Clock clock;
    private final String agentVersion;
    private final long agentStarted;
    private final Deque<String> errors = new ArrayDeque<>();
    private final List<Supplier<List<String>>> standingProblems = new java.util.concurrent.CopyOnWriteArrayList<>();
    private long sequence;
    private long clockOffsetMillis;
    private volatile boolean closed;

    /**
     * @param plc PLC's API as the node calls it, every request signed with the node key
     * @param sliverDisk a path on the file system the slivers live on
     */
    public HeartbeatSender(PlcClient plc, Supplier<AgentState> state, Path sliverDisk, Clock clock, String agentVersion) {
        this.plc = requireNonNull(plc, "plc is null");
        this.state = requireNonNull(state, "state is null");
        this.sliverDisk = requireNonNull(sliverDisk, "sliverDisk is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.agentVersion = requireNonNull(agentVersion, "agentVersion is null");
        this.agentStarted = clock.instant().getEpochSecond();
    }

    /** Beats on {@code scheduler} until closed, at the interval PLC asks for. */
    public void start(ScheduledExecutorService scheduler) {
        scheduler.schedule(() -> beatAndReschedule(scheduler), 0, TimeUnit.SECONDS);
    }

    private void beatAndReschedule(ScheduledExecutorService scheduler) {
        if (closed) {
            return;
        }
        Duration next = Duration.ofSeconds(MonitorApi.HEARTBEAT_INTERVAL_SECONDS);
        try {
            next = beat();
        } catch (RuntimeException e) {
            LOG.debug("heartbeat not sent: {}", e.getMessage());
        }
        if (!closed) {
            scheduler.schedule(() -> beatAndReschedule(scheduler), next.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Sends one heartbeat; returns when PLC wants the next. A failed send is kept among the errors of the next. */
    public synchronized Duration beat() {
        Map<String, Object> heartbeat = heartbeat();
        long sentMillis = clock.millis();
        try {
            Map<?, ?> answer = (Map<?, ?>) plc.call(MonitorApi.REPORT_HEARTBEAT, heartbeat);
            long receivedMillis = clock.millis();
            long plcMillis = ((Number) answer.get("time")).longValue() * 1000;
            // PLC's clock has one-second resolution: offsets under a second read as zero.
            long offset = (sentMillis + receivedMillis) / 2 - plcMillis;
            clockOffsetMillis = Math.abs(offset) < 1000 ? 0 : offset;
            return Duration.ofSeconds(((Number) answer.get("interval_seconds")).longValue());
        } catch (PlanetLabException e) {
            remember("heartbeat " + heartbeat.get("sequence") + " refused or lost: " + e.code() + ": " + e.getMessage());
            throw e;
        }
    }

    /** The next heartbeat, as sent. */
    synchronized Map<String, Object> heartbeat() {
        AgentState now = state.get();
        OperatingSystemMXBean system = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long[] disk = disk();
        Map<String, Object> heartbeat = new LinkedHashMap<>();
        heartbeat.put("sent_at", clock.instant().getEpochSecond());
        heartbeat.put("agent_started", agentStarted);
        heartbeat.put("sequence", ++sequence);
        heartbeat.put("agent_version", agentVersion);
        heartbeat.put("boot_state", now.bootState());
        heartbeat.put("run_level", now.runLevel());
        heartbeat.put("load", Math.max(0, system.getSystemLoadAverage()));
        heartbeat.put("memory_total", system.getTotalMemorySize());
        heartbeat.put("memory_free", Math.min(system.getFreeMemorySize(), system.getTotalMemorySize()));
        heartbeat.put("disk_total", disk[0]);
        heartbeat.put("disk_free", disk[1]);
        heartbeat.put("slivers", now.slivers());
        heartbeat.put("clock_offset_ms", clockOffsetMillis);
        heartbeat.put("errors", errorsToReport());
        return heartbeat;
    }

    /**
     * Adds problems that last until their source fixes them (a configuration file that cannot be
     * installed): each heartbeat reports the source's current list after the recent errors.
     */
    public void reportAlso(Supplier<List<String>> problems) {
        standingProblems.add(requireNonNull(problems, "problems is null"));
    }

    /** The recent errors, then the standing problems, the newest {@link #MAX_ERRORS} of them. */
    private List<String> errorsToReport() {
        List<String> all = new ArrayList<>(errors);
        for (Supplier<List<String>> source : standingProblems) {
            source.get().forEach(problem -> all.add(problem.length() > 500 ? problem.substring(0, 500) : problem));
        }
        return new ArrayList<>(all.subList(Math.max(0, all.size() - MAX_ERRORS), all.size()));
    }

    private long[] disk() {
        try {
            FileStore store = Files.getFileStore(sliverDisk);
            long total = store.getTotalSpace();
            return new long[] {total, Math.min(store.getUsableSpace(), total)};
        } catch (IOException e) {
            remember("cannot measure the slivers' disk " + sliverDisk + ": " + e.getMessage());
            return new long[] {0, 0};
        }
    }

    private void remember(String error) {
        String line = error.length() > 500 ? error.substring(0, 500) : error;
        errors.addLast(line);
        while (errors.size() > MAX_ERRORS) {
            errors.removeFirst();
        }
    }

    /** The errors the next heartbeat reports. */
    synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    @Override
    public void close() {
        closed = true;
    }
}
