package org.planetlab.plc.sliver.state;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.planetlab.api.error.PlanetLabException;

/**
 * One report of a node's sliver states as the node sent it (SliverStateApi.REPORT, whose ranges
 * the dispatcher has already checked), with the rules that need more than one field: the agent
 * cannot have started after it reported, and a sliver is named once.
 */
record SliverStateReport(long sentAt, long agentStarted, long sequence, List<Sliver> slivers) {
    /** One sliver's state, the node's reason for it, and since when (node's clock). */
    record Sliver(String name, String state, String reason, long since) {
        Sliver {
            requireNonNull(name, "name is null");
            requireNonNull(state, "state is null");
            requireNonNull(reason, "reason is null");
        }
    }

    SliverStateReport {
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
            if (sliver.since() > sentAt) {
                throw PlanetLabException.invalidArgument("report.slivers: " + sliver.name() + " is " + sliver.state()
                        + " since " + sliver.since() + ", after the report was sent (" + sentAt + ")");
            }
        }
    }

    /** Reads the checked wire struct. */
    static SliverStateReport fromWire(Map<String, Object> wire) {
        return new SliverStateReport((Long) wire.get("sent_at"), (Long) wire.get("agent_started"),
                (Long) wire.get("sequence"), ((List<?>) wire.get("slivers")).stream().map(item -> {
                    Map<?, ?> sliver = (Map<?, ?>) item;
                    return new Sliver((String) sliver.get("name"), (String) sliver.get("state"),
                            (String) sliver.get("reason"), (Long) sliver.get("since"));
                }).toList());
    }
}
