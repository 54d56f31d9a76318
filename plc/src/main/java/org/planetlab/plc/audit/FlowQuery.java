package org.planetlab.plc.audit;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalInt;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.api.error.PlanetLabException;

/**
 * Which flows to find: those that overlap a time window, to or from one remote address or of one
 * slice, optionally narrowed by port, protocol and node.
 *
 * @param remoteAddress the other end, canonical (see {@link Addresses}); empty for a slice's flows
 * @param sliceId the slice; empty when asking by address
 * @param fromMillis the window's start
 * @param toMillis the window's end, at most {@link #MAX_WINDOW_MILLIS} after its start
 * @param limit the most flows to answer, newest first
 */
public record FlowQuery(Optional<String> remoteAddress, OptionalInt sliceId, long fromMillis, long toMillis,
        OptionalInt remotePort, OptionalInt protocol, OptionalInt nodeId, int limit) {
    /** The widest window one query may cover: the longest retention anyone should configure. */
    public static final long MAX_WINDOW_MILLIS = 400L * 24 * 3600 * 1000;

    public FlowQuery {
        requireNonNull(remoteAddress, "remoteAddress is null");
        requireNonNull(sliceId, "sliceId is null");
        requireNonNull(remotePort, "remotePort is null");
        requireNonNull(protocol, "protocol is null");
        requireNonNull(nodeId, "nodeId is null");
        if (remoteAddress.isEmpty() && sliceId.isEmpty()) {
            throw new IllegalArgumentException("a flow query names an address or a slice");
        }
        remoteAddress.ifPresent(address -> {
            if (!FlowRecord.isAddressLiteral(address)) {
                throw PlanetLabException.invalidArgument("remote_address is not an IP address literal");
            }
        });
        if (toMillis < fromMillis) {
            throw PlanetLabException.invalidArgument("the window ends before it starts");
        }
        if (toMillis - fromMillis > MAX_WINDOW_MILLIS) {
            throw PlanetLabException.invalidArgument("the window may span at most 400 days");
        }
        if (limit < 1 || limit > FlowArchive.MAX_ANSWER) {
            throw PlanetLabException.invalidArgument("limit must be 1-" + FlowArchive.MAX_ANSWER + ", got " + limit);
        }
    }
}
