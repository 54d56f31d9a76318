package org.planetlab.portal.console;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.planetlab.plc.audit.Complaint;

/**
 * The testbed at a glance, as the console's first page shows it.
 *
 * @param nodesByState how many nodes the monitor sees {@code up}, {@code down}, {@code unknown}
 * @param nodesByBootState how many nodes are in each boot state
 * @param slices live slices
 * @param slivers slivers: live slices times the live nodes each is on
 * @param topConsumers today's largest consumers of CPU, by slice name, in CPU seconds
 * @param openComplaints the newest complaints nobody answered yet
 * @param rollouts the newest rollouts of node releases, the current one first
 * @param systemStop why every slice is stopped, when it is
 */
public record Glance(Map<String, Long> nodesByState, Map<String, Long> nodesByBootState, long slices, long slivers,
        List<Consumer> topConsumers, List<Complaint> openComplaints, List<RolloutRow> rollouts,
        Optional<String> systemStop) {
    public Glance {
        nodesByState = Map.copyOf(nodesByState);
        nodesByBootState = Map.copyOf(nodesByBootState);
        topConsumers = List.copyOf(topConsumers);
        openComplaints = List.copyOf(openComplaints);
        rollouts = List.copyOf(rollouts);
        java.util.Objects.requireNonNull(systemStop, "systemStop is null");
    }

    /** One slice among the day's top consumers. */
    public record Consumer(long sliceId, String name, String cpuSeconds, String bytes) {}

    public long nodes(String state) {
        return nodesByState.getOrDefault(state, 0L);
    }
}
