package org.planetlab.trust.ticket;

import static java.util.Objects.requireNonNull;

import org.planetlab.trust.cert.NodeSubject;
import org.planetlab.trust.cert.VerifiedSigner;

/**
 * A lease whose signature verified with the key of a node certified by a management authority.
 *
 * @param lease the lease
 * @param node the node that granted it
 * @param signer the verified chain of that node
 * @param xml the signed document
 */
public record VerifiedLease(Lease lease, NodeSubject node, VerifiedSigner signer, String xml) {
    public VerifiedLease {
        requireNonNull(lease, "lease is null");
        requireNonNull(node, "node is null");
        requireNonNull(signer, "signer is null");
        requireNonNull(xml, "xml is null");
    }
}
