package org.planetlab.plc.usage;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.planetlab.api.error.PlanetLabException;

/**
 * One report as a node sent it (UsageApi.REPORT, whose ranges the dispatcher has already
 * checked), with the rules that need more than one field: the agent cannot have started after it
 * measured, and a sliver is named once.
 */
record UsageReport(long sentAt, long agentStarted, long sequence, List<Sliver> slivers) {
    /**
     * One sliver's counters (since it began) and sizes (now); {@code fromTicket} for a sliver the
     * node made from a redeemed ticket rather than from PLC's view of it.
     */
    record Sliver(String name, long cpuNanoseconds, long memoryBytes, long diskBytes, long processes, long bytesSent,
            long packetsSent, long bytesReceived, long packetsReceived, boolean fromTicket) {
        Sliver {
            requireNonNull(name, "name is null");
        }

        /** Counters PLC keeps of a sliver, which are never a ticket's. */
        Sliver(String name, long cpuNanoseconds, long memoryBytes, long diskBytes, long processes, long bytesSent,
                long packetsSent, long bytesReceived, long packetsReceived) {
            this(name, cpuNanoseconds, memoryBytes, diskBytes, processes, bytesSent, packetsSent, bytesReceived,
                    packetsReceived, false);
        }

        /** Whether a counter is below the one reported before: the sliver (or its counters) started again. */
        boolean restartedSince(Sliver previous) {
            return cpuNanoseconds < previous.cpuNanoseconds || bytesSent < previous.bytesSent
                    || packetsSent < previous.packetsSent || bytesReceived < previous.bytesReceived
                    || packetsReceived < previous.packetsReceived;
        }
    }

    UsageReport {
        slivers = List.copyOf(slivers);
        if (agentStarted > sentAt) {
            throw PlanetLabException.invalidArgument("report.agent_started (" + agentStarted + ") is after sent_at ("
                    + sentAt + "); an agent cannot report before it started");
        }
        Set<String> names = new HashSet<>();
        for (Sliver sliver : slivers) {
            if (!names.add(sliver.name())) {
                throw PlanetLabException.invalidArgument("report.slivers names " + sliver.name()
                        + " twice; report each sliver once");
            }
        }
    }

    /** Reads the checked wire struct. */
    static UsageReport fromWire(Map<String, Object> wire) {
        return new UsageReport((Long) wire.get("sent_at"), (Long) wire.get("agent_started"), (Long) wire.get("sequence"),
                ((List<?>) wire.get("slivers")).stream().map(item -> {
                    Map<?, ?> sliver = (Map<?, ?>) item;
                    return new Sliver((String) sliver.get("name"), (Long) sliver.get("cpu_ns"),
                            (Long) sliver.get("memory_bytes"), (Long) sliver.get("disk_bytes"),
                            (Long) sliver.get("processes"), (Long) sliver.get("bytes_sent"),
                            (Long) sliver.get("packets_sent"), (Long) sliver.get("bytes_received"),
                            (Long) sliver.get("packets_received"), Boolean.TRUE.equals(sliver.get("ticket")));
                }).toList());
    }
}
