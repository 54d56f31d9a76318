package org.planetlab.plc.authority;

import static java.util.Objects.requireNonNull;

/**
 * A ticket the slice authority signed: its id, the slice's hierarchical name, when it stops
 * being valid (seconds since the epoch) and the signed XML document its holder presents.
 */
public record IssuedTicket(String id, String sliceName, long validUntil, String xml) {
    public IssuedTicket {
        requireNonNull(id, "id is null");
        requireNonNull(sliceName, "sliceName is null");
        requireNonNull(xml, "xml is null");
    }
}
