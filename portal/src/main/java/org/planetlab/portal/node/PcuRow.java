package org.planetlab.portal.node;

import java.util.stream.Collectors;
import org.planetlab.plc.node.PcuDetails;

/**
 * A site's power control unit as a tech sees it: how it is reached and which nodes are wired to
 * it. Its login is never read back (GetPCUs hides the password from everyone), so it is not here.
 */
public record PcuRow(long pcuId, String hostname, String ip, String protocol, String model, String wiring) {
    static PcuRow of(PcuDetails pcu) {
        String wiring = pcu.wiring().stream().map(wire -> wire.hostname() + " on port " + wire.port())
                .collect(Collectors.joining(", "));
        return new PcuRow(pcu.pcuId(), pcu.hostname().orElse(""), pcu.ip().orElse(""), pcu.protocol().orElse(""),
                pcu.model().orElse(""), wiring.isEmpty() ? "no node" : wiring);
    }
}
