package org.planetlab.node.boot;

import static java.util.Objects.requireNonNull;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.cert.Certificate;
import org.planetlab.trust.cert.ChainVerifier;
import org.planetlab.trust.cert.Credential;
import org.planetlab.trust.cert.Validity;
import org.planetlab.trust.cert.VerifiedCertificate;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.tls.TlsIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's two certified keys (Architecture §4.8.2, §5.5): a key pair the node generates and
 * the management authority certifies (the node manager signs service certificates and leases
 * with it), and the key of the node's TLS endpoints, certified by PLC's TLS CA. Each is replaced
 * by a fresh key pair when a third of its certificate's life is left. Certificates from PLC are
 * checked before use: the node certificate against the trust roots, for this node and this key.
 */
public final class NodeCredentials {
    private static final Logger LOG = LoggerFactory.getLogger(NodeCredentials.class);

    private final BootFiles files;
    private final NodeIdentity identity;
    private final ChainVerifier chains;
    private final X509Certificate plcCa;
    private final Clock clock;
    private final SecureRandom random;

    public NodeCredentials(BootFiles files, NodeIdentity identity, ChainVerifier chains, X509Certificate plcCa, Clock clock,
            SecureRandom random) {
        this.files = requireNonNull(files, "files is null");
        this.identity = requireNonNull(identity, "identity is null");
        this.chains = requireNonNull(chains, "chains is null");
        this.plcCa = requireNonNull(plcCa, "plcCa is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.random = requireNonNull(random, "random is null");
    }

    /** Loads what the last run kept, if still good, so the node can sign before PLC answers. */
    public void load() {
        try {
            Optional<Certificate> certificate = files.readNodeCertificate();
            Optional<PrivateKey> key = files.readNodeKey();
            if (certificate.isPresent() && key.isPresent() && !expired(certificate.get().validity())) {
                chains.verify(certificate.get());
                identity.certified(Credential.certified(sameProvider(key.get(), certificate.get().publicKey()), certificate.get()));
            }
            files.readTls().filter(tls -> !expired(validity(tls.certificate()))).ifPresent(identity::tlsCertified);
        } catch (PlanetLabException e) {
            LOG.warn("the node's stored credentials are not usable ({}); new ones are requested at the next boot", e.getMessage());
        }
    }

    /** Forgets both keys and certificates (a reinstall): the next boot makes new ones. */
    void forget() {
        files.clearCredentials();
        identity.forget();
    }

    /** Makes sure both certificates exist and are not due for renewal; returns true if the TLS one changed. */
    public boolean renew(PlcClient plc) {
        if (identity.credential().map(credential -> due(credential.certificate().orElseThrow().validity())).orElse(true)) {
            renewNodeCertificate(plc);
        }
        if (identity.tls().map(tls -> due(validity(tls.certificate()))).orElse(true)) {
            renewTls(plc);
            return true;
        }
        return false;
    }

    private void renewNodeCertificate(PlcClient plc) {
        KeyPair keys = KeyAlgorithm.EC_P256.generate(random);
        String xml = (String) plc.call("BootIssueCertificate", Pem.write(keys.getPublic()));
        VerifiedCertificate verified = chains.verify(xml);
        if (!verified.subject().equals(identity.subject()) || !sameKey(verified.publicKey(), keys.getPublic())) {
            throw new PlanetLabException(ErrorCode.VERIFICATION_FAILED, "PLC certified " + verified.subject().displayName()
                    + " instead of this node's new key as " + identity.subject().displayName());
        }
        files.saveNodeKey(keys);
        files.saveNodeCertificate(verified.certificate());
        identity.certified(Credential.certified(sameProvider(keys.getPrivate(), verified.certificate().publicKey()),
                verified.certificate()));
        LOG.info("node certificate for {} valid until {}", identity.subject().displayName(), verified.certificate().validity().notAfter());
    }

    private void renewTls(PlcClient plc) {
        KeyPair keys = KeyAlgorithm.EC_P256.generate(random);
        List<X509Certificate> issued = Pem.readCertificates((String) plc.call("BootIssueTlsCertificate", Pem.write(keys.getPublic())));
        X509Certificate leaf = issued.getFirst();
        try {
            leaf.verify(plcCa.getPublicKey());
        } catch (java.security.GeneralSecurityException e) {
            throw new PlanetLabException(ErrorCode.VERIFICATION_FAILED, "the TLS certificate PLC sent is not signed by its CA", e);
        }
        if (!sameKey(leaf.getPublicKey(), keys.getPublic())) {
            throw new PlanetLabException(ErrorCode.VERIFICATION_FAILED, "the TLS certificate PLC sent is for another key");
        }
        List<X509Certificate> chain = new ArrayList<>(List.of(leaf));
        chain.add(plcCa);
        files.saveTls(keys.getPrivate(), chain);
        identity.tlsCertified(new TlsIdentity(keys.getPrivate(), chain));
        LOG.info("TLS certificate for the node's endpoints valid until {}", leaf.getNotAfter().toInstant());
    }

    /** Renewal is due once less than a third of the certificate's life is left. */
    private boolean due(Validity validity) {
        long life = validity.notAfter().getEpochSecond() - validity.notBefore().getEpochSecond();
        return clock.instant().isAfter(validity.notAfter().minusSeconds(life / 3));
    }

    private boolean expired(Validity validity) {
        Instant now = clock.instant();
        return !validity.contains(now);
    }

    /**
     * The private key as made by the provider of the certificate's public key. Once the SSH gateway
     * has registered BouncyCastle, certificates' EC keys come back as BouncyCastle "ECDSA" keys,
     * and a signer's two halves must name the same algorithm.
     */
    private static PrivateKey sameProvider(PrivateKey key, java.security.PublicKey certified) {
        if (key.getAlgorithm().equals(certified.getAlgorithm())) {
            return key;
        }
        try {
            return java.security.KeyFactory.getInstance(certified.getAlgorithm())
                    .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (java.security.GeneralSecurityException e) {
            throw new PlanetLabException(ErrorCode.INTERNAL_ERROR, "cannot use the node key with its certificate: " + e.getMessage(), e);
        }
    }

    private static boolean sameKey(java.security.PublicKey one, java.security.PublicKey other) {
        return java.util.Arrays.equals(one.getEncoded(), other.getEncoded());
    }

    private static Validity validity(X509Certificate certificate) {
        return new Validity(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
    }
}
