package org.planetlab.plc.testing;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node agent's heartbeat (ReportHeartbeat) as a test sends it for a node: sent now, by an agent
 * that started a minute before the first, each with a higher sequence than the one before.
 */
public final class AgentHeartbeat {
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final AtomicLong STARTED = new AtomicLong();

    private AgentHeartbeat() {}

    public static Map<String, Object> of(Clock clock, String agentVersion, List<String> errors) {
        long now = clock.instant().getEpochSecond();
        Map<String, Object> heartbeat = new LinkedHashMap<>();
        heartbeat.put("sent_at", now);
        heartbeat.put("agent_started", STARTED.updateAndGet(started -> started == 0 ? now - 60 : started));
        heartbeat.put("sequence", SEQUENCE.incrementAndGet());
        heartbeat.put("agent_version", agentVersion);
        heartbeat.put("boot_state", "boot");
        heartbeat.put("run_level", "running");
        heartbeat.put("load", 0.5);
        heartbeat.put("memory_total", 4_000L);
        heartbeat.put("memory_free", 1_000L);
        heartbeat.put("disk_total", 100_000L);
        heartbeat.put("disk_free", 60_000L);
        heartbeat.put("slivers", 1L);
        heartbeat.put("clock_offset_ms", 0L);
        heartbeat.put("errors", errors);
        return heartbeat;
    }
}
