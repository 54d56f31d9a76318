package org.planetlab.trust.node;

import static java.util.Objects.requireNonNull;

import java.security.PublicKey;
import java.time.Duration;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.cert.Certificate;
import org.planetlab.trust.cert.CertificateSigner;
import org.planetlab.trust.cert.Credential;
import org.planetlab.trust.cert.NodeSubject;
import org.planetlab.trust.cert.ServiceSubject;

/**
 * The node manager's side of Architecture §5.5: binds a service's public key to the service's
 * slice on this node, signed with the node key and embedding the node certificate the MA signed
 * at boot. The caller must have identified the slice from the kernel (process credentials),
 * never from the request.
 */
public final class ServiceCertificateIssuer {
    /** Default lifetime of a service certificate; services ask again after a restart. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(7);

    private final Credential node;
    private final NodeSubject nodeSubject;
    private final CertificateSigner signer;
    private final Duration lifetime;

    /** @param node the node's private key with its MA-signed node certificate */
    public ServiceCertificateIssuer(Credential node, CertificateSigner signer, Duration lifetime) {
        this.node = requireNonNull(node, "node is null");
        this.signer = requireNonNull(signer, "signer is null");
        this.lifetime = requireNonNull(lifetime, "lifetime is null");
        this.nodeSubject = node.certificate()
                .filter(certificate -> certificate.subject() instanceof NodeSubject)
                .map(certificate -> (NodeSubject) certificate.subject())
                .orElseThrow(() -> PlanetLabException.invalidArgument(
                        "service certificates are signed by a node holding its node certificate, not by " + node.signerName()));
    }

    /** Certifies that {@code publicKey} belongs to slice {@code sliceName} running on this node. */
    public Certificate issue(String sliceName, PublicKey publicKey) {
        return signer.issue(new ServiceSubject(sliceName, nodeSubject), publicKey, false, lifetime, node);
    }
}
