package org.planetlab.portal.node;

import java.util.List;
import java.util.stream.Collectors;
import org.planetlab.plc.node.PcuDetails;

/**
 * A site's power control unit as a tech sees it: how it is reached and which nodes are wired to
 * it. Its login is never read back (GetPCUs hides the password from everyone), so it is not here.
 *
 * @param nodeIds the nodes wired to it, for the page's "unwire" button
 */
public record PcuRow(long pcuId, String hostname, String ip, String protocol, String model, String wiring,
        List<Long> nodeIds) {
    public PcuRow {
        nodeIds = List.copyOf(nodeIds);
    }

    static PcuRow of(PcuDetails pcu) {
        String wiring = pcu.wiring().stream().map(wire -> wire.hostname() + " on port " + wire.port())
                .collect(Collectors.joining(", "));
        return new PcuRow(pcu.pcuId(), pcu.hostname().orElse(""), pcu.ip().orElse(""), pcu.protocol().orElse(""),
                pcu.model().orElse(""), wiring.isEmpty() ? "no node" : wiring,
                pcu.wiring().stream().map(PcuDetails.Wire::nodeId).toList());
    }

    /** The name the page calls it by: its host name, else its number. */
    public String name() {
        return hostname.isEmpty() ? "PCU " + pcuId : hostname;
    }

    public boolean wires(long nodeId) {
        return nodeIds.contains(nodeId);
    }
}
