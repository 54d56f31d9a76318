package org.planetlab.node.audit;

import static java.util.Objects.requireNonNull;

import java.util.OptionalInt;
import org.planetlab.api.audit.FlowRecord;

/**
 * "Who sent this?": the flows that exchanged packets with {@code remoteAddress} during
 * [{@code fromMillis}, {@code toMillis}], optionally on one port (the remote one or the node's
 * public one) and of one protocol.
 */
public record FlowQuery(String remoteAddress, long fromMillis, long toMillis, OptionalInt port, OptionalInt protocol, int limit) {
    public FlowQuery {
        requireNonNull(remoteAddress, "remoteAddress is null");
        requireNonNull(port, "port is null");
        requireNonNull(protocol, "protocol is null");
        if (!FlowRecord.isAddressLiteral(remoteAddress)) {
            throw new IllegalArgumentException("not an IP address: " + remoteAddress);
        }
        if (fromMillis > toMillis) {
            throw new IllegalArgumentException("the time range ends before it starts");
        }
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
    }

    boolean matches(FlowRecord record) {
        return record.remoteAddress().equals(remoteAddress)
                && record.endMillis() >= fromMillis && record.startMillis() <= toMillis
                && (port.isEmpty() || record.remotePort() == port.getAsInt() || record.publicPort() == port.getAsInt())
                && (protocol.isEmpty() || record.protocol() == protocol.getAsInt());
    }
}
