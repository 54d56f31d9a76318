package org.planetlab.trust.ticket;

import static java.util.Objects.requireNonNull;

import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.cert.Credential;
import org.planetlab.trust.cert.NodeSubject;
import org.planetlab.trust.xml.XmlSignatures;

/** Signs leases with a node's key; the node certificate (signed by the MA) is embedded. */
public final class LeaseSigner {
    private final Credential node;

    /** @param node the node's private key and its MA-signed node certificate */
    public LeaseSigner(Credential node) {
        this.node = requireNonNull(node, "node is null");
        if (node.certificate().isEmpty() || !(node.certificate().get().subject() instanceof NodeSubject)) {
            throw PlanetLabException.invalidArgument("leases are signed by a node holding its node certificate, not by " + node.signerName());
        }
    }

    public String sign(Lease lease) {
        requireNonNull(lease, "lease is null");
        return XmlSignatures.signToText(LeaseXml.unsigned(lease, node.issuerReference()), node.privateKey(), LeaseXml.WHAT);
    }
}
