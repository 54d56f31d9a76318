package org.planetlab.trust.node;

import static java.util.Objects.requireNonNull;

import java.security.PublicKey;
import java.time.Duration;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.cert.AuthorityRole;
import org.planetlab.trust.cert.AuthoritySubject;
import org.planetlab.trust.cert.Certificate;
import org.planetlab.trust.cert.CertificateSigner;
import org.planetlab.trust.cert.Credential;
import org.planetlab.trust.cert.NodeSubject;
import org.planetlab.trust.key.Pem;

/**
 * The boot server's certificate issuance (Architecture §4.8.2): after a node in the boot state
 * authenticated with its node key, it sends the public key it generated and the management
 * authority binds that key to the node's id and host name, as registered (never as claimed).
 * The certificate allows the node to issue certificates for services running on it, and only
 * those ({@link org.planetlab.trust.cert.IssuancePolicy}).
 */
public final class NodeCertificateIssuer {
    /** Default lifetime: nodes renew at every boot and daily update, so a month is ample. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(30);

    private final Credential managementAuthority;
    private final CertificateSigner signer;
    private final Duration lifetime;

    public NodeCertificateIssuer(Credential managementAuthority, CertificateSigner signer, Duration lifetime) {
        this.managementAuthority = requireNonNull(managementAuthority, "managementAuthority is null");
        this.signer = requireNonNull(signer, "signer is null");
        this.lifetime = requireNonNull(lifetime, "lifetime is null");
        boolean isManagementAuthority = managementAuthority.certificate()
                .map(certificate -> certificate.subject() instanceof AuthoritySubject authority && authority.role() == AuthorityRole.MANAGEMENT)
                .orElse(true);
        if (!isManagementAuthority) {
            throw PlanetLabException.invalidArgument("node certificates are issued by a management authority, not by "
                    + managementAuthority.signerName());
        }
    }

    /**
     * Issues the certificate of a registered node.
     *
     * @param nodeId the node id the request authenticated as
     * @param hostname the host name registered for that node
     * @param publicKeyPem the public key the node sent, PEM
     */
    public Certificate issue(long nodeId, String hostname, String publicKeyPem) {
        PublicKey key = Pem.readPublicKey(requireNonNull(publicKeyPem, "publicKeyPem is null"));
        return issue(new NodeSubject(nodeId, hostname), key);
    }

    public Certificate issue(NodeSubject node, PublicKey publicKey) {
        return signer.issue(node, publicKey, true, lifetime, managementAuthority);
    }
}
