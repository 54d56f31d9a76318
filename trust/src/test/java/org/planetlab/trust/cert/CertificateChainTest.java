package org.planetlab.trust.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.testing.TestTrust;

class CertificateChainTest {
    private final TestTrust trust = new TestTrust();

    @Test
    void chainOfOneLevelVerifiesAgainstTheRoot() {
        VerifiedCertificate verified = trust.verifier().verify(trust.sliceAuthorityCertificate.xml());

        assertThat(verified.subject()).isEqualTo(new AuthoritySubject("plc.sa", AuthorityRole.SLICE));
        assertThat(verified.issuers()).isEmpty();
        assertThat(verified.root().name()).isEqualTo("plc-root");
    }

    @Test
    void chainOfTwoLevelsVerifiesANodeCertificate() {
        VerifiedCertificate verified = trust.verifier().verify(trust.nodeCertificate.xml());

        assertThat(verified.subject()).isEqualTo(trust.nodeSubject);
        assertThat(verified.issuers()).extracting(certificate -> certificate.subject().displayName()).containsExactly("plc.ma");
        assertThat(verified.publicKey()).isEqualTo(trust.nodeKeys.getPublic());
    }

    @Test
    void chainOfThreeLevelsVerifiesAServiceCertificate() {
        VerifiedCertificate verified = trust.verifier().verify(trust.serviceCertificate.xml());

        assertThat(verified.subject().identity()).isEqualTo("service:plc.scs@node:121");
        assertThat(verified.issuers()).extracting(certificate -> certificate.subject().displayName())
                .containsExactly("node 121 (planetlab1.cs.example.edu)", "plc.ma");
    }

    @Test
    void parsedCertificateKeepsEveryStatement() {
        Certificate parsed = CertificateXml.parse(trust.serviceCertificate.xml());

        assertThat(parsed).isEqualTo(trust.serviceCertificate);
        assertThat(parsed.mayIssue()).isFalse();
        assertThat(parsed.embeddedDepth()).isEqualTo(2);
        assertThat(parsed.validity().notAfter()).isEqualTo(TestTrust.START.plus(Duration.ofDays(7)));
    }

    @Test
    void personCertificateFromAnRsaAuthorityVerifies() {
        var rsaKeys = KeyAlgorithm.RSA_2048.generate(trust.random);
        Certificate authority = trust.signer.issue(new AuthoritySubject("plc.people", AuthorityRole.SLICE), rsaKeys.getPublic(), true,
                Duration.ofDays(30), trust.root);
        Certificate person = trust.signer.issue(new PersonSubject("Alice@Example.org"), trust.serviceKeys.getPublic(), false,
                Duration.ofDays(30), Credential.certified(rsaKeys.getPrivate(), authority));

        VerifiedCertificate verified = trust.verifier().verify(person.xml());

        assertThat(verified.subject().identity()).isEqualTo("person:alice@example.org");
    }

    @Test
    void certificatesExpireWithTheClock() {
        trust.clock.advance(Duration.ofDays(8));

        assertThatThrownBy(() -> trust.verifier().verify(trust.serviceCertificate))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VERIFICATION_FAILED))
                .hasMessageContaining("certificate of 'plc.scs on node 121 (planetlab1.cs.example.edu)' expired at 2025-06-08T00:00:00Z");
    }

    @Test
    void signerRefusesToIssueWhatTheVerifierWouldRefuse() {
        assertThatThrownBy(() -> trust.signer.issue(new NodeSubject(7, "n7.example.org"), trust.nodeKeys.getPublic(), true,
                Duration.ofDays(1), trust.sliceAuthority))
                .hasMessageContaining("issuer 'plc.sa' may not certify node 7 (n7.example.org): nodes are certified by their management authority");
        assertThatThrownBy(() -> trust.signer.issue(new PersonSubject("bob@example.org"), trust.nodeKeys.getPublic(), true,
                Duration.ofDays(1), trust.sliceAuthority))
                .hasMessageContaining("cannot allow issuing certificates");
    }

    @Test
    void credentialRefusesAPrivateKeyOfAnotherCertificate() {
        assertThatThrownBy(() -> Credential.certified(trust.nodeKeys.getPrivate(), trust.sliceAuthorityCertificate))
                .hasMessageContaining("does not belong to the certificate's public key");
    }
}
