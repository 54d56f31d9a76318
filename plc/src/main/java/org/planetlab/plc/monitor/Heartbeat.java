package org.planetlab.plc.monitor;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.api.error.PlanetLabException;

/**
 * One heartbeat as a node sent it (MonitorApi.HEARTBEAT, whose ranges the dispatcher has already
 * checked), with the rules that need more than one field: free never exceeds total, and the agent
 * cannot have started after it sent the heartbeat.
 */
public record Heartbeat(long sentAt, long agentStarted, long sequence, String agentVersion, String bootState,
        String runLevel, double load, long memoryTotal, long memoryFree, long diskTotal, long diskFree, long slivers,
        long clockOffsetMillis, List<String> errors) {
    public Heartbeat {
        requireNonNull(agentVersion, "agentVersion is null");
        requireNonNull(bootState, "bootState is null");
        requireNonNull(runLevel, "runLevel is null");
        errors = List.copyOf(errors);
        if (memoryFree > memoryTotal) {
            throw PlanetLabException.invalidArgument("heartbeat.memory_free (" + memoryFree
                    + ") exceeds memory_total (" + memoryTotal + "); report the available part of the total");
        }
        if (diskFree > diskTotal) {
            throw PlanetLabException.invalidArgument("heartbeat.disk_free (" + diskFree + ") exceeds disk_total ("
                    + diskTotal + "); report the free part of the total");
        }
        if (agentStarted > sentAt) {
            throw PlanetLabException.invalidArgument("heartbeat.agent_started (" + agentStarted
                    + ") is after sent_at (" + sentAt + "); an agent cannot report before it started");
        }
    }

    /** Whether the node runs slivers normally; any other boot state counts as down. */
    public boolean booted() {
        return bootState.equals("boot");
    }

    /** Whether this heartbeat comes after {@code other} in the agent's runs and sequence. */
    public boolean follows(Heartbeat other) {
        return agentStarted > other.agentStarted
                || (agentStarted == other.agentStarted && sequence > other.sequence);
    }

    /** Reads the checked wire struct. */
    public static Heartbeat fromWire(Map<String, Object> wire) {
        return new Heartbeat((Long) wire.get("sent_at"), (Long) wire.get("agent_started"), (Long) wire.get("sequence"),
                (String) wire.get("agent_version"), (String) wire.get("boot_state"), (String) wire.get("run_level"),
                ((Number) wire.get("load")).doubleValue(), (Long) wire.get("memory_total"),
                (Long) wire.get("memory_free"), (Long) wire.get("disk_total"), (Long) wire.get("disk_free"),
                (Long) wire.get("slivers"), (Long) wire.get("clock_offset_ms"),
                ((List<?>) wire.get("errors")).stream().map(String.class::cast).toList());
    }

    public Map<String, Object> toWire() {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("sent_at", sentAt);
        wire.put("agent_started", agentStarted);
        wire.put("sequence", sequence);
        wire.put("agent_version", agentVersion);
        wire.put("boot_state", bootState);
        wire.put("run_level", runLevel);
        wire.put("load", load);
        wire.put("memory_total", memoryTotal);
        wire.put("memory_free", memoryFree);
        wire.put("disk_total", diskTotal);
        wire.put("disk_free", diskFree);
        wire.put("slivers", slivers);
        wire.put("clock_offset_ms", clockOffsetMillis);
        wire.put("errors", errors);
        return wire;
    }
}
