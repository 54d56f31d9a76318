package org.planetlab.trust.authority;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.planetlab.trust.key.KeyFiles;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.tls.TlsCertificateAuthority;
import org.planetlab.trust.tls.TlsIdentity;
import org.planetlab.trust.key.KeyAlgorithm;

/** Keeps the PLC server's TLS key and chain in the trust directory, reissuing when needed. */
final class ServerIdentityStore {
    private final TrustLayout layout;
    private final TlsCertificateAuthority authority;
    private final Clock clock;

    ServerIdentityStore(TrustLayout layout, TlsCertificateAuthority authority, Clock clock) {
        this.layout = layout;
        this.authority = authority;
        this.clock = clock;
    }

    TlsIdentity identity(List<String> names, Duration lifetime, KeyAlgorithm algorithm) {
        if (java.nio.file.Files.exists(layout.tlsServerChain()) && java.nio.file.Files.exists(layout.tlsServerKey())) {
            List<X509Certificate> chain = Pem.readCertificates(KeyFiles.read(layout.tlsServerChain()));
            if (reusable(chain.getFirst(), names, lifetime)) {
                return new TlsIdentity(KeyFiles.readPrivateKey(layout.tlsServerKey()), chain);
            }
        }
        TlsIdentity identity = authority.issueServerIdentity(names, lifetime, algorithm);
        KeyFiles.writePrivateKey(layout.tlsServerKey(), identity.privateKey());
        StringBuilder pem = new StringBuilder();
        identity.chain().forEach(certificate -> pem.append(Pem.write(certificate)));
        KeyFiles.writePublic(layout.tlsServerChain(), pem.toString());
        return identity;
    }

    private boolean reusable(X509Certificate certificate, List<String> names, Duration lifetime) {
        Instant now = clock.instant();
        if (certificate.getNotAfter().toInstant().isBefore(now.plus(lifetime.dividedBy(3)))) {
            return false;
        }
        try {
            certificate.verify(authority.certificate().getPublicKey());
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
        return alternativeNames(certificate).containsAll(normalized(names));
    }

    private static Set<String> alternativeNames(X509Certificate certificate) {
        Set<String> names = new HashSet<>();
        try {
            if (certificate.getSubjectAlternativeNames() != null) {
                for (List<?> entry : certificate.getSubjectAlternativeNames()) {
                    names.add(normalize(String.valueOf(entry.get(1))));
                }
            }
        } catch (CertificateParsingException e) {
            return Set.of();
        }
        return names;
    }

    private static List<String> normalized(List<String> names) {
        List<String> result = new ArrayList<>();
        names.forEach(name -> result.add(normalize(name)));
        return result;
    }

    private static String normalize(String name) {
        if (name.contains(":") || name.matches("[0-9.]+")) {
            try {
                return java.net.InetAddress.ofLiteral(name).getHostAddress();
            } catch (IllegalArgumentException e) {
                return name;
            }
        }
        return name.toLowerCase(Locale.ROOT);
    }
}
