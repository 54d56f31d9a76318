package org.planetlab.plc.release.rollout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.store.Rows;

/**
 * Turns an operator's waves ({@code group:NAME}, {@code nodes:HOST,HOST}, {@code N%}, {@code rest})
 * into the node ids of each wave, fixed when the rollout starts. A node is in the first wave that
 * names it; {@code N%} fills the waves so far up to N percent of all nodes (in node id order);
 * nodes no wave named form a last wave. A wave that would be empty is refused, so a typing error
 * in a group's name does not turn a careful rollout into one that reaches every node at once.
 */
final class WavePlan {
    static final int MAX_WAVES = 20;

    private WavePlan() {}

    static List<List<Long>> resolve(Handle db, List<String> specifications) {
        if (specifications.isEmpty()) {
            throw PlanetLabException.invalidArgument("a rollout needs at least one wave, e.g. group:canary, 30% or rest");
        }
        if (specifications.size() > MAX_WAVES) {
            throw PlanetLabException.invalidArgument("a rollout has at most " + MAX_WAVES + " waves, not " + specifications.size());
        }
        Map<String, Long> byHostname = new LinkedHashMap<>();
        Rows.select(db, "SELECT node_id, hostname FROM nodes WHERE deleted = FALSE ORDER BY node_id", List.of())
                .map((row, context) -> Map.entry(row.getString(2).toLowerCase(Locale.ROOT), row.getLong(1)))
                .forEach(entry -> byHostname.put(entry.getKey(), entry.getValue()));
        List<Long> all = List.copyOf(byHostname.values());
        if (all.isEmpty()) {
            throw PlanetLabException.invalidArgument("there are no nodes to roll a release out to");
        }
        Set<Long> assigned = new LinkedHashSet<>();
        List<List<Long>> waves = new ArrayList<>();
        for (int position = 0; position < specifications.size(); position++) {
            String specification = specifications.get(position);
            if (specification.equals("rest") && position != specifications.size() - 1) {
                throw PlanetLabException.invalidArgument("wave rest takes every node left, so it must be the last wave");
            }
            List<Long> wave = new ArrayList<>();
            for (long node : candidates(db, specification, all, byHostname, assigned)) {
                if (assigned.add(node)) {
                    wave.add(node);
                }
            }
            if (wave.isEmpty()) {
                throw PlanetLabException.invalidArgument("wave " + position + " (" + specification + ") has no node that an"
                        + " earlier wave does not have; check the group or host names (pl node-group list)");
            }
            waves.add(wave);
        }
        List<Long> rest = all.stream().filter(node -> !assigned.contains(node)).toList();
        if (!rest.isEmpty()) {
            waves.add(rest);
        }
        return waves;
    }

    private static List<Long> candidates(Handle db, String specification, List<Long> all, Map<String, Long> byHostname,
            Set<Long> assigned) {
        if (specification.equals("rest")) {
            return all;
        }
        if (specification.startsWith("group:")) {
            String group = specification.substring("group:".length());
            List<Long> members = Rows.select(db, "SELECT DISTINCT t.node_id FROM nodegroups g JOIN node_tags t ON"
                    + " t.tag_type_id = g.tag_type_id AND t.value = g.value JOIN nodes n ON n.node_id = t.node_id"
                    + " WHERE g.groupname = ? AND n.deleted = FALSE ORDER BY t.node_id", List.of(group)).mapTo(Long.class).list();
            if (members.isEmpty() && Rows.select(db, "SELECT COUNT(*) FROM nodegroups WHERE groupname = ?", List.of(group))
                    .mapTo(Long.class).one() == 0) {
                throw PlanetLabException.notFound("node group " + group + " does not exist; pl node-group list shows them");
            }
            return members;
        }
        if (specification.startsWith("nodes:")) {
            List<Long> named = new ArrayList<>();
            for (String hostname : specification.substring("nodes:".length()).split(",")) {
                Long node = byHostname.get(hostname.toLowerCase(Locale.ROOT));
                if (node == null) {
                    throw PlanetLabException.notFound("node " + hostname + " does not exist; pl node list shows them");
                }
                named.add(node);
            }
            return named;
        }
        if (specification.endsWith("%")) {
            int percent = Integer.parseInt(specification.substring(0, specification.length() - 1));
            if (percent < 1 || percent > 100) {
                throw PlanetLabException.invalidArgument("a wave's percentage is between 1% and 100%, not " + specification);
            }
            long wanted = (long) Math.ceil(percent * all.size() / 100.0) - assigned.size();
            return all.stream().filter(node -> !assigned.contains(node)).limit(Math.max(0, wanted)).toList();
        }
        throw PlanetLabException.invalidArgument("wave " + specification + " is none of group:NAME, nodes:HOST,..., N% or rest");
    }
}
