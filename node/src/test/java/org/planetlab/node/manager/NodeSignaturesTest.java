package org.planetlab.node.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.cert.AuthorityRole;
import org.planetlab.trust.cert.AuthoritySubject;
import org.planetlab.trust.cert.CertificateSigner;
import org.planetlab.trust.cert.ChainVerifier;
import org.planetlab.trust.cert.Credential;
import org.planetlab.trust.cert.NodeSubject;
import org.planetlab.trust.cert.ServiceSubject;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.key.TrustRoot;
import org.planetlab.trust.key.TrustRoots;
import org.planetlab.trust.ticket.LeaseVerifier;
import org.planetlab.trust.ticket.Ticket;

/** What the node manager signs with the node key: service certificates for the calling slice, and leases. */
class NodeSignaturesTest {
    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();
    private final KeyPair root = KeyAlgorithm.EC_P256.generate(random);
    private final ChainVerifier chains = new ChainVerifier(TrustRoots.of(new TrustRoot("root", root.getPublic())), clock);

    @Test
    void aServiceCertificateNamesTheCallersSliceAndChainsToTheRoots() {
        NodeSignatures signatures = signatures(Optional.of(nodeCredential()));
        String certificate = signatures.serviceCertificate(Caller.slice("plc.scs"),
                Pem.write(KeyAlgorithm.EC_P256.generate(random).getPublic()));
        assertThat(chains.verify(certificate).subject()).isEqualTo(new ServiceSubject("plc.scs", new NodeSubject(7, "node7.example.org")));
        assertThatThrownBy(() -> signatures.serviceCertificate(Caller.HOST_ROOT, Pem.write(root.getPublic())))
                .hasMessageContaining("root on the node has no slice");
    }

    @Test
    void leasesVerifyAsTheNodes() {
        String lease = signatures(Optional.of(nodeCredential())).lease(Ticket.newId(random), "plc.princeton.codeen", "alice@example.org",
                Instant.now(), Instant.now().plus(Duration.ofHours(1)));
        var verified = new LeaseVerifier(chains).verify(lease, new NodeSubject(7, "node7.example.org"));
        assertThat(verified.lease().address()).isEqualTo("10.0.0.7");
    }

    @Test
    void withoutANodeCertificateNothingIsSigned() {
        assertThatThrownBy(() -> signatures(Optional.empty()).serviceCertificate(Caller.slice("plc.scs"), Pem.write(root.getPublic())))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("no certificate from its management authority yet");
    }

    private NodeSignatures signatures(Optional<Credential> node) {
        return new NodeSignatures(() -> node, () -> "10.0.0.7", clock, random);
    }

    private Credential nodeCredential() {
        CertificateSigner signer = new CertificateSigner(clock, random);
        KeyPair ma = KeyAlgorithm.EC_P256.generate(random);
        Credential management = Credential.certified(ma.getPrivate(), signer.issue(new AuthoritySubject("plc.ma", AuthorityRole.MANAGEMENT),
                ma.getPublic(), true, Duration.ofDays(1), Credential.root(root)));
        KeyPair node = KeyAlgorithm.EC_P256.generate(random);
        return Credential.certified(node.getPrivate(), signer.issue(new NodeSubject(7, "node7.example.org"), node.getPublic(), true,
                Duration.ofDays(1), management));
    }
}
