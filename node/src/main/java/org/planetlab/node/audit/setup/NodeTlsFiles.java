package org.planetlab.node.audit.setup;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.planetlab.node.boot.BootFiles;
import org.planetlab.trust.tls.TlsIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's TLS key and certificate chain as the boot manager last saved them (PLC certifies
 * the node after the agent starts and renews it while it runs): read again whenever the files
 * change, so the audit page's HTTPS listener presents the current certificate without a restart.
 */
final class NodeTlsFiles implements Supplier<Optional<TlsIdentity>> {
    private static final Logger LOG = LoggerFactory.getLogger(NodeTlsFiles.class);

    private final BootFiles files;
    private List<FileTime> seen = List.of();
    private Optional<TlsIdentity> current = Optional.empty();

    NodeTlsFiles(BootFiles files) {
        this.files = requireNonNull(files, "files is null");
    }

    @Override
    public synchronized Optional<TlsIdentity> get() {
        List<FileTime> modified = List.of(modified(files.tlsKey()), modified(files.tlsChain()));
        if (!Objects.equals(modified, seen)) {
            seen = modified;
            try {
                current = files.readTls().map(NodeTlsFiles::forJsse);
            } catch (RuntimeException e) {
                LOG.warn("the node's TLS files in {} are unreadable; the audit page's HTTPS waits for new ones: {}",
                        files.directory(), e.getMessage());
                current = Optional.empty();
            }
        }
        return current;
    }

    /**
     * The identity with its private key as the JDK's own provider makes it. Where BouncyCastle is
     * registered (the SSH gateway registers it), an EC key can come back named "ECDSA", and JSSE
     * then refuses to present the certificate ("private or public key is not of EC algorithm"),
     * failing every handshake.
     */
    static TlsIdentity forJsse(TlsIdentity identity) {
        PrivateKey key = identity.privateKey();
        if (!key.getAlgorithm().equals("ECDSA")) {
            return identity;
        }
        try {
            PrivateKey standard = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
            return new TlsIdentity(standard, identity.chain());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the node's EC key cannot be read by the JDK: " + e.getMessage(), e);
        }
    }

    private static FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
