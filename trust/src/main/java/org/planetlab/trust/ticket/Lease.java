package org.planetlab.trust.ticket;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.regex.Pattern;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.cert.Names;
import org.planetlab.trust.cert.Validity;

/**
 * A node's signed answer to a redeemed ticket (2003 Figure 2): this principal holds this slice on
 * the node at this address from start to end.
 *
 * @param id 128 random bits in hex
 * @param ticketId the redeemed ticket
 * @param sliceName the slice
 * @param principal who redeemed it
 * @param address the node's IP address, as a literal
 * @param interval start and end of the lease
 */
public record Lease(String id, String ticketId, String sliceName, TicketPrincipal principal, String address, Validity interval) {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9a-fA-F:.]{2,45}");

    public Lease {
        requireId(id, "lease id");
        requireId(ticketId, "ticket id");
        sliceName = Names.sliceName(sliceName, "slice name");
        requireNonNull(principal, "principal is null");
        address = ipLiteral(address);
        requireNonNull(interval, "interval is null");
    }

    /**
     * The lease a node grants for a ticket it verified: the principal must be named by the ticket
     * and the interval must lie within the ticket's validity.
     */
    public static Lease grant(Ticket ticket, TicketPrincipal principal, String address, Instant start, Instant end, SecureRandom random) {
        requireNonNull(ticket, "ticket is null");
        if (!ticket.names(principal)) {
            throw PlanetLabException.permissionDenied("ticket " + ticket.id() + " does not name " + principal.identity());
        }
        Validity interval = new Validity(start, end);
        if (interval.notBefore().isBefore(ticket.validity().notBefore()) || interval.notAfter().isAfter(ticket.validity().notAfter())) {
            throw PlanetLabException.invalidArgument("lease interval " + interval.notBefore() + " to " + interval.notAfter()
                    + " is outside ticket validity " + ticket.validity().notBefore() + " to " + ticket.validity().notAfter());
        }
        return new Lease(Ticket.newId(random), ticket.id(), ticket.sliceName(), principal, address, interval);
    }

    private static void requireId(String id, String what) {
        requireNonNull(id, what + " is null");
        if (!ID.matcher(id).matches()) {
            throw PlanetLabException.invalidArgument(what + " must be 32 lowercase hex digits");
        }
    }

    private static String ipLiteral(String address) {
        requireNonNull(address, "address is null");
        if (!IP_LITERAL.matcher(address).matches()) {
            throw PlanetLabException.invalidArgument("lease address \"" + (address.length() > 45 ? address.substring(0, 45) : address)
                    + "\" is not an IP address literal");
        }
        try {
            return InetAddress.ofLiteral(address).getHostAddress();
        } catch (IllegalArgumentException e) {
            throw PlanetLabException.invalidArgument("lease address \"" + address + "\" is not an IP address literal");
        }
    }
}
