package org.planetlab.node.boot;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.cert.Certificate;
import org.planetlab.trust.cert.CertificateXml;
import org.planetlab.trust.key.KeyFiles;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.tls.TlsIdentity;

/**
 * What the boot manager keeps in {@code <state-dir>/boot} (mode 0700): the node's key pair (0600),
 * the node certificate the management authority signed for it, the TLS key (0600) and
 * certificate chain of the node's endpoints, and the last boot state PLC gave, so that a
 * restarted agent obeys it before PLC answers again.
 */
public final class BootFiles {
    private final Path directory;

    public BootFiles(Path directory) {
        this.directory = requireNonNull(directory, "directory is null");
    }

    public Path directory() {
        return directory;
    }

    public Path nodeKey() {
        return directory.resolve("node-key.pem");
    }

    public Path nodeCertificate() {
        return directory.resolve("node-cert.xml");
    }

    public Path tlsKey() {
        return directory.resolve("tls-key.pem");
    }

    public Path tlsChain() {
        return directory.resolve("tls-chain.pem");
    }

    private Path bootState() {
        return directory.resolve("boot-state");
    }

    public void prepare() {
        KeyFiles.createPrivateDirectory(directory);
    }

    public Optional<BootState> lastBootState() {
        if (!Files.isRegularFile(bootState())) {
            return Optional.empty();
        }
        try {
            return Optional.of(BootState.parse(Files.readString(bootState())));
        } catch (IOException | PlanetLabException e) {
            return Optional.empty();
        }
    }

    public void saveBootState(BootState state) {
        KeyFiles.writePublic(bootState(), state.wireName() + "\n");
    }

    public Optional<PrivateKey> readNodeKey() {
        return Files.isRegularFile(nodeKey()) ? Optional.of(KeyFiles.readPrivateKey(nodeKey())) : Optional.empty();
    }

    public void saveNodeKey(KeyPair keys) {
        KeyFiles.writePrivateKey(nodeKey(), keys.getPrivate());
    }

    public Optional<Certificate> readNodeCertificate() {
        return Files.isRegularFile(nodeCertificate()) ? Optional.of(CertificateXml.parse(KeyFiles.read(nodeCertificate())))
                : Optional.empty();
    }

    public void saveNodeCertificate(Certificate certificate) {
        KeyFiles.writePublic(nodeCertificate(), certificate.xml());
    }

    public Optional<TlsIdentity> readTls() {
        if (!Files.isRegularFile(tlsKey()) || !Files.isRegularFile(tlsChain())) {
            return Optional.empty();
        }
        return Optional.of(new TlsIdentity(KeyFiles.readPrivateKey(tlsKey()), Pem.readCertificates(KeyFiles.read(tlsChain()))));
    }

    public void saveTls(PrivateKey key, List<X509Certificate> chain) {
        KeyFiles.writePrivateKey(tlsKey(), key);
        StringBuilder text = new StringBuilder();
        chain.forEach(certificate -> text.append(Pem.write(certificate)));
        KeyFiles.writePublic(tlsChain(), text.toString());
    }

    /** Forgets the node's keys and certificates (a reinstall); the boot state stays. */
    public void clearCredentials() {
        for (Path file : List.of(nodeKey(), nodeCertificate(), tlsKey(), tlsChain())) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + file, e);
            }
        }
    }
}
