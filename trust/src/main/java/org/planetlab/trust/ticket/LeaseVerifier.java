package org.planetlab.trust.ticket;

import static java.util.Objects.requireNonNull;

import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.cert.ChainVerifier;
import org.planetlab.trust.cert.NodeSubject;
import org.planetlab.trust.cert.VerifiedSigner;
import org.planetlab.trust.xml.SafeXml;
import org.planetlab.trust.xml.XmlSignatures;

/**
 * Verifies leases: the embedded node certificate must chain to a trust root through the node's
 * management authority, and the signature must verify with the node's key. A lease that has not
 * started or has ended still verifies (it is a record of a grant); callers compare
 * {@link Lease#interval()} with their clock when they act on it. Thread-safe.
 */
public final class LeaseVerifier {
    private final ChainVerifier chains;

    public LeaseVerifier(ChainVerifier chains) {
        this.chains = requireNonNull(chains, "chains is null");
    }

    public VerifiedLease verify(String xml) {
        LeaseXml.Parsed parsed = LeaseXml.parse(xml);
        VerifiedSigner signer = chains.verifySigner(parsed.issuer());
        if (!(signer.subject().orElse(null) instanceof NodeSubject node)) {
            throw new PlanetLabException(ErrorCode.VERIFICATION_FAILED,
                    "lease: signer '" + signer.displayName() + "' is not a node; leases are signed by the node that granted them");
        }
        XmlSignatures.verify(SafeXml.parse(xml, LeaseXml.limits(), LeaseXml.WHAT), signer.publicKey(), LeaseXml.WHAT,
                "node '" + node.displayName() + "'");
        return new VerifiedLease(parsed.lease(), node, signer, xml);
    }

    /** Verifies a lease and requires that the given node granted it. */
    public VerifiedLease verify(String xml, NodeSubject expectedNode) {
        requireNonNull(expectedNode, "expectedNode is null");
        VerifiedLease verified = verify(xml);
        if (!verified.node().equals(expectedNode)) {
            throw new PlanetLabException(ErrorCode.VERIFICATION_FAILED,
                    "lease: granted by " + verified.node().displayName() + ", not by " + expectedNode.displayName());
        }
        return verified;
    }
}
