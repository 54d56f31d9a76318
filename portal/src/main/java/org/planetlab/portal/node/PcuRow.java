package org.planetlab.portal.node;

import java.util.List;
import java.util.Map;

/**
 * A site's power control unit as a tech sees it: how it is reached and which nodes are wired to
 * it. Its login is never read back (GetPCUs hides the password from everyone), so it is not here.
 */
public record PcuRow(long pcuId, String hostname, String ip, String protocol, String model, String wiring) {
    static PcuRow of(Map<String, Object> wire, Map<Long, String> hostnames) {
        List<?> nodes = (List<?>) wire.getOrDefault("node_ids", List.of());
        List<?> ports = (List<?>) wire.getOrDefault("ports", List.of());
        StringBuilder wiring = new StringBuilder();
        for (int index = 0; index < nodes.size(); index++) {
            long nodeId = ((Number) nodes.get(index)).longValue();
            wiring.append(wiring.isEmpty() ? "" : ", ").append(hostnames.getOrDefault(nodeId, "node " + nodeId))
                    .append(" on port ").append(index < ports.size() ? ports.get(index) : "?");
        }
        return new PcuRow(((Number) wire.get("pcu_id")).longValue(), text(wire, "hostname"), text(wire, "ip"),
                text(wire, "protocol"), text(wire, "model"), wiring.isEmpty() ? "no node" : wiring.toString());
    }

    private static String text(Map<String, Object> wire, String field) {
        return wire.get(field) == null ? "" : wire.get(field).toString();
    }
}
