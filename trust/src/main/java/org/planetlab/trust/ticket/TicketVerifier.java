package org.planetlab.trust.ticket;

import static java.util.Objects.requireNonNull;

import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.cert.AuthorityRole;
import org.planetlab.trust.cert.AuthoritySubject;
import org.planetlab.trust.cert.Certificate;
import org.planetlab.trust.cert.ChainVerifier;
import org.planetlab.trust.cert.VerifiedSigner;
import org.planetlab.trust.xml.SafeXml;
import org.planetlab.trust.xml.XmlLimits;
import org.planetlab.trust.xml.XmlSignatures;

/**
 * Verifies tickets, for a slice creation service or anyone else: the embedded SA certificate must
 * chain to a trust root and name a slice authority, the signature must verify with that SA's key,
 * and the ticket must be valid now. Thread-safe.
 */
public final class TicketVerifier {
    private final ChainVerifier chains;

    public TicketVerifier(ChainVerifier chains) {
        this.chains = requireNonNull(chains, "chains is null");
    }

    /** Verifies a ticket signed by any slice authority that chains to the trust roots. */
    public VerifiedTicket verify(String xml) {
        TicketXml.Parsed parsed = TicketXml.parse(xml);
        VerifiedSigner signer = chains.verifySigner(parsed.issuer());
        signer.subject().ifPresent(subject -> {
            if (!(subject instanceof AuthoritySubject authority) || authority.role() != AuthorityRole.SLICE) {
                throw refused("ticket: signer '" + subject.displayName() + "' is not a slice authority");
            }
        });
        XmlSignatures.verify(SafeXml.parse(xml, XmlLimits.DEFAULT, TicketXml.WHAT), signer.publicKey(), TicketXml.WHAT,
                "slice authority '" + signer.displayName() + "'");
        parsed.ticket().validity().check(chains.clock().instant(), "ticket " + parsed.ticket().id());
        return new VerifiedTicket(parsed.ticket(), signer, xml);
    }

    /**
     * Verifies a ticket and requires that it was signed with the key of {@code expectedIssuer}:
     * the SA certificate a node owner put in the slice pool's RSpec (Architecture §4.5).
     */
    public VerifiedTicket verify(String xml, Certificate expectedIssuer) {
        requireNonNull(expectedIssuer, "expectedIssuer is null");
        VerifiedTicket verified = verify(xml);
        if (!verified.issuer().publicKey().equals(expectedIssuer.publicKey())) {
            throw refused("ticket: signed by '" + verified.issuer().displayName() + "', not by the expected slice authority '"
                    + expectedIssuer.subject().displayName() + "'");
        }
        return verified;
    }

    private static PlanetLabException refused(String message) {
        return new PlanetLabException(ErrorCode.VERIFICATION_FAILED, message);
    }
}
