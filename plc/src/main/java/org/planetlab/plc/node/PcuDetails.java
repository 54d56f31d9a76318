package org.planetlab.plc.node;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A site's power control unit as its readers see it: how it is reached and which live nodes are
 * wired to which port. Its login is not part of it (GetPCUs hides the password from everyone).
 */
public record PcuDetails(long pcuId, long siteId, Optional<String> hostname, Optional<String> ip,
        Optional<String> protocol, Optional<String> model, List<Wire> wiring) {
    public PcuDetails {
        requireNonNull(hostname, "hostname is null");
        requireNonNull(ip, "ip is null");
        requireNonNull(protocol, "protocol is null");
        requireNonNull(model, "model is null");
        wiring = List.copyOf(wiring);
    }

    /** A node powered through the PCU's port. */
    public record Wire(long nodeId, String hostname, long port) {
        public Wire {
            requireNonNull(hostname, "hostname is null");
        }
    }
}
