package org.planetlab.trust.ticket;

import static java.util.Objects.requireNonNull;

import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.cert.AuthorityRole;
import org.planetlab.trust.cert.AuthoritySubject;
import org.planetlab.trust.cert.Credential;
import org.planetlab.trust.xml.XmlSignatures;

/**
 * Signs tickets for a slice authority ({@code GetSliceTicket}). The SA's certificate is embedded,
 * so a node can check the ticket with nothing but its trust roots.
 */
public final class TicketSigner {
    private final Credential sliceAuthority;

    /**
     * @param sliceAuthority the SA's private key and certificate (subject: a slice authority),
     *     or a root credential in the small-scale mode where authority keys are trust roots
     */
    public TicketSigner(Credential sliceAuthority) {
        this.sliceAuthority = requireNonNull(sliceAuthority, "sliceAuthority is null");
        sliceAuthority.certificate().ifPresent(certificate -> {
            if (!(certificate.subject() instanceof AuthoritySubject authority) || authority.role() != AuthorityRole.SLICE) {
                throw PlanetLabException.invalidArgument("tickets are signed by a slice authority, not by "
                        + certificate.subject().displayName());
            }
        });
    }

    /** Returns the signed ticket document. */
    public String sign(Ticket ticket) {
        requireNonNull(ticket, "ticket is null");
        return XmlSignatures.signToText(TicketXml.unsigned(ticket, sliceAuthority.issuerReference()),
                sliceAuthority.privateKey(), TicketXml.WHAT);
    }
}
