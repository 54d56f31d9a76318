package org.planetlab.plc.authority;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.planetlab.api.authority.AuthorityApi;
import org.planetlab.api.error.PlanetLabException;

/**
 * Where and for how long a slice's ticket may be redeemed.
 *
 * @param hostnames the nodes it may be redeemed on; empty for the slice's own nodes
 * @param anyNode whether any node trusting this slice authority may redeem it (then
 *     {@code hostnames} is not consulted)
 * @param validSeconds how long it is valid, 60 s to a week (a day if not given); never past the
 *     slice's expiry
 */
public record TicketRequest(Optional<List<String>> hostnames, boolean anyNode, OptionalLong validSeconds) {
    public TicketRequest {
        hostnames = requireNonNull(hostnames, "hostnames is null").map(List::copyOf);
        requireNonNull(validSeconds, "validSeconds is null");
        validSeconds.ifPresent(seconds -> {
            if (seconds < 60 || seconds > AuthorityApi.MAX_TICKET_SECONDS) {
                throw PlanetLabException.invalidArgument("options.valid_seconds: a ticket is valid from 60 to %d seconds,"
                        .formatted(AuthorityApi.MAX_TICKET_SECONDS) + " not " + seconds);
            }
        });
    }

    /** A ticket for the slice's own nodes, valid a day. */
    public static TicketRequest forSliceNodes() {
        return new TicketRequest(Optional.empty(), false, OptionalLong.empty());
    }

    /** A ticket any node trusting this slice authority may redeem, valid a day. */
    public static TicketRequest forAnyNode() {
        return new TicketRequest(Optional.empty(), true, OptionalLong.empty());
    }

    /** A ticket for these nodes, valid a day. */
    public static TicketRequest forNodes(List<String> hostnames) {
        return new TicketRequest(Optional.of(hostnames), false, OptionalLong.empty());
    }

    public TicketRequest validFor(long seconds) {
        return new TicketRequest(hostnames, anyNode, OptionalLong.of(seconds));
    }
}
