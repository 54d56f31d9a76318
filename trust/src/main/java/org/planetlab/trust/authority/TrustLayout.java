package org.planetlab.trust.authority;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Locale;
import org.planetlab.trust.cert.AuthorityRole;

/**
 * File names inside a PLC trust directory. Private keys are 0600, directories 0700, certificates
 * and public keys 0644.
 *
 * <pre>
 * trust.properties       mode and authority names, written last on creation
 * roots/*.pem            the well-known root public keys, to hand to nodes and users
 * root.key               the root private key (hierarchical mode; keep offline in a real deployment)
 * sa.key  sa.cert.xml    slice authority key and certificate
 * ma.key  ma.cert.xml    management authority key and certificate
 * tls-ca.key tls-ca.pem  the TLS CA; nodes and clients pin tls-ca.pem
 * tls-server.key tls-server.pem   the PLC server's TLS key and chain
 * archive/               keys and certificates replaced by rotation
 * </pre>
 */
record TrustLayout(Path directory) {
    TrustLayout {
        requireNonNull(directory, "directory is null");
    }

    Path properties() {
        return directory.resolve("trust.properties");
    }

    Path roots() {
        return directory.resolve("roots");
    }

    Path rootKey() {
        return directory.resolve("root.key");
    }

    Path authorityKey(AuthorityRole role) {
        return directory.resolve(prefix(role) + ".key");
    }

    Path authorityCertificate(AuthorityRole role) {
        return directory.resolve(prefix(role) + ".cert.xml");
    }

    Path tlsCaKey() {
        return directory.resolve("tls-ca.key");
    }

    Path tlsCaCertificate() {
        return directory.resolve("tls-ca.pem");
    }

    Path tlsServerKey() {
        return directory.resolve("tls-server.key");
    }

    Path tlsServerChain() {
        return directory.resolve("tls-server.pem");
    }

    Path archive() {
        return directory.resolve("archive");
    }

    static String prefix(AuthorityRole role) {
        return role == AuthorityRole.SLICE ? "sa" : "ma";
    }

    static String rootName(AuthorityRole role) {
        return "plc-" + prefix(role).toLowerCase(Locale.ROOT);
    }
}
