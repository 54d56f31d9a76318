package org.planetlab.trust.authority;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.planetlab.trust.cert.AuthorityRole;
import org.planetlab.trust.cert.AuthoritySubject;
import org.planetlab.trust.cert.Certificate;
import org.planetlab.trust.cert.CertificateSigner;
import org.planetlab.trust.cert.Credential;
import org.planetlab.trust.key.KeyFiles;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.key.TrustRoot;
import org.planetlab.trust.key.TrustRoots;
import org.planetlab.trust.tls.TlsCertificateAuthority;

/** First start of a trust directory: makes every key and certificate, writes the properties last. */
final class TrustBootstrap {
    static final String ROOT_NAME = "plc-root";

    private final TrustLayout layout;
    private final PlcTrustOptions options;
    private final Clock clock;
    private final SecureRandom random;

    TrustBootstrap(TrustLayout layout, PlcTrustOptions options, Clock clock, SecureRandom random) {
        this.layout = layout;
        this.options = options;
        this.clock = clock;
        this.random = random;
    }

    void create() {
        KeyFiles.createPrivateDirectory(layout.directory());
        CertificateSigner signer = new CertificateSigner(clock, random);
        List<TrustRoot> roots = new ArrayList<>();
        KeyPair rootKeys = null;
        if (options.mode() == TrustMode.HIERARCHICAL) {
            rootKeys = options.keyAlgorithm().generate(random);
            KeyFiles.writePrivateKey(layout.rootKey(), rootKeys.getPrivate());
            roots.add(new TrustRoot(ROOT_NAME, rootKeys.getPublic()));
        }
        for (AuthorityRole role : AuthorityRole.values()) {
            KeyPair keys = options.keyAlgorithm().generate(random);
            Credential issuer = rootKeys != null ? Credential.root(rootKeys) : Credential.root(keys);
            String name = role == AuthorityRole.SLICE ? options.sliceAuthorityName() : options.managementAuthorityName();
            Certificate certificate = signer.issue(new AuthoritySubject(name, role), keys.getPublic(), true, options.authorityLifetime(), issuer);
            KeyFiles.writePrivateKey(layout.authorityKey(role), keys.getPrivate());
            KeyFiles.writePublic(layout.authorityCertificate(role), certificate.xml());
            if (rootKeys == null) {
                roots.add(new TrustRoot(TrustLayout.rootName(role), keys.getPublic()));
            }
        }
        TrustRoots.of(roots).writeTo(layout.roots());
        TlsCertificateAuthority tls = TlsCertificateAuthority.create("PlanetLab TLS CA", options.keyAlgorithm(), options.tlsCaLifetime(),
                clock, random);
        KeyFiles.writePrivateKey(layout.tlsCaKey(), tls.privateKey());
        KeyFiles.writePublic(layout.tlsCaCertificate(), Pem.write(tls.certificate()));
        Properties properties = new Properties();
        properties.setProperty("mode", options.mode().name());
        properties.setProperty("slice-authority", options.sliceAuthorityName());
        properties.setProperty("management-authority", options.managementAuthorityName());
        KeyFiles.writePrivate(layout.properties(), PlcTrust.format(properties));
    }
}
