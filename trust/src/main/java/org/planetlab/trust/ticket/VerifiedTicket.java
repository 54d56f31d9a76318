package org.planetlab.trust.ticket;

import static java.util.Objects.requireNonNull;

import org.planetlab.trust.cert.VerifiedSigner;

/**
 * A ticket whose signature verified with the key of a slice authority that chains to a trust
 * root, and that was valid when checked.
 *
 * @param ticket the granted RSpec
 * @param issuer the verified slice authority (or trust root)
 * @param xml the signed document, to keep or pass on
 */
public record VerifiedTicket(Ticket ticket, VerifiedSigner issuer, String xml) {
    public VerifiedTicket {
        requireNonNull(ticket, "ticket is null");
        requireNonNull(issuer, "issuer is null");
        requireNonNull(xml, "xml is null");
    }
}
