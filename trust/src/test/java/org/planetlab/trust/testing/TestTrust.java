package org.planetlab.trust.testing;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.planetlab.trust.cert.AuthorityRole;
import org.planetlab.trust.cert.AuthoritySubject;
import org.planetlab.trust.cert.Certificate;
import org.planetlab.trust.cert.CertificateSigner;
import org.planetlab.trust.cert.ChainVerifier;
import org.planetlab.trust.cert.Credential;
import org.planetlab.trust.cert.NodeSubject;
import org.planetlab.trust.cert.ServiceSubject;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.key.TrustRoot;
import org.planetlab.trust.key.TrustRoots;

/**
 * A complete small PKI for tests: a root, a slice authority and a management authority certified
 * by it, node 121 certified by the MA, and service plc.scs on that node certified by the node.
 */
public final class TestTrust {
    public static final Instant START = Instant.parse("2025-06-01T00:00:00Z");

    public final SecureRandom random = new SecureRandom();
    public final MutableClock clock = new MutableClock(START);
    public final CertificateSigner signer = new CertificateSigner(clock, random);
    public final KeyPair rootKeys = KeyAlgorithm.EC_P256.generate(random);
    public final Credential root = Credential.root(rootKeys);
    public final TrustRoots roots = TrustRoots.of(new TrustRoot("plc-root", rootKeys.getPublic()));
    public final KeyPair sliceAuthorityKeys = KeyAlgorithm.EC_P256.generate(random);
    public final Certificate sliceAuthorityCertificate = signer.issue(new AuthoritySubject("plc.sa", AuthorityRole.SLICE),
            sliceAuthorityKeys.getPublic(), true, Duration.ofDays(365), root);
    public final Credential sliceAuthority = Credential.certified(sliceAuthorityKeys.getPrivate(), sliceAuthorityCertificate);
    public final KeyPair managementAuthorityKeys = KeyAlgorithm.EC_P256.generate(random);
    public final Certificate managementAuthorityCertificate = signer.issue(new AuthoritySubject("plc.ma", AuthorityRole.MANAGEMENT),
            managementAuthorityKeys.getPublic(), true, Duration.ofDays(365), root);
    public final Credential managementAuthority = Credential.certified(managementAuthorityKeys.getPrivate(), managementAuthorityCertificate);
    public final NodeSubject nodeSubject = new NodeSubject(121, "planetlab1.cs.example.edu");
    public final KeyPair nodeKeys = KeyAlgorithm.EC_P256.generate(random);
    public final Certificate nodeCertificate = signer.issue(nodeSubject, nodeKeys.getPublic(), true, Duration.ofDays(30), managementAuthority);
    public final Credential node = Credential.certified(nodeKeys.getPrivate(), nodeCertificate);
    public final KeyPair serviceKeys = KeyAlgorithm.EC_P256.generate(random);
    public final Certificate serviceCertificate = signer.issue(new ServiceSubject("plc.scs", nodeSubject), serviceKeys.getPublic(),
            false, Duration.ofDays(7), node);

    public ChainVerifier verifier() {
        return new ChainVerifier(roots, clock);
    }
}
