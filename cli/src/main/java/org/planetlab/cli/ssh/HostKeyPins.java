package org.planetlab.cli.ssh;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.planetlab.api.error.IoCauses;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.key.Pem;

/**
 * Where {@code pl ssh} pins node host keys: one known_hosts file per PLC, under
 * {@code <state>/known_hosts.d/}. Nodes' addresses are reused by every testbed in a box (and by
 * a deployment rebuilt from scratch), while their host keys are new each time, so pins shared
 * between PLCs would make a rebuilt testbed look like an impersonated one. A PLC is named by its
 * address and, when one is configured, the certificate authority its TLS certificate must chain
 * to: a rebuilt PLC makes a new authority, so its nodes get a fresh file, while within one PLC a
 * changed key is still refused.
 *
 * @param file the known_hosts file for ssh's {@code UserKnownHostsFile}
 * @param scope which PLC the pins belong to, for messages
 */
record HostKeyPins(Path file, String scope) {
    /** The file when no PLC is configured, shared by every connection made without one. */
    static final String UNSCOPED_FILE = "known_hosts";
    static final String SCOPED_DIRECTORY = "known_hosts.d";

    HostKeyPins {
        requireNonNull(file, "file is null");
        requireNonNull(scope, "scope is null");
    }

    /**
     * @param stateDirectory pl's state directory (e.g. ~/.local/state/planetlab)
     * @param plc the PLC's address, if one is configured
     * @param caFile the PEM file of PLC's certificate authority, if one is configured
     */
    static HostKeyPins of(Path stateDirectory, Optional<URI> plc, Optional<Path> caFile) {
        if (plc.isEmpty()) {
            return new HostKeyPins(stateDirectory.resolve(UNSCOPED_FILE), "no PLC configured");
        }
        URI url = plc.get();
        String identity = url.getScheme() + "://" + url.getAuthority() + "\n" + caFile.map(HostKeyPins::caFingerprint).orElse("");
        String name = readable(url) + "-" + HexFormat.of().formatHex(sha256(identity.getBytes(StandardCharsets.UTF_8)), 0, 8);
        String scope = url.getScheme() + "://" + url.getAuthority() + caFile.map(file -> " with the CA in " + file).orElse("");
        return new HostKeyPins(stateDirectory.resolve(SCOPED_DIRECTORY).resolve(name), scope);
    }

    /** Creates the file's directory (private to its owner) if missing. */
    HostKeyPins createDirectory() {
        Path directory = file.getParent();
        try {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory for pinned host keys " + directory + ": " + IoCauses.describe(e), e);
        }
        return this;
    }

    private static String readable(URI url) {
        String host = url.getHost() == null ? "plc" : url.getHost().toLowerCase(Locale.ROOT);
        String name = url.getPort() < 0 ? host : host + "_" + url.getPort();
        return name.replaceAll("[^a-z0-9._-]", "_");
    }

    private static String caFingerprint(Path caFile) {
        try {
            X509Certificate ca = Pem.readCertificates(Files.readString(caFile, StandardCharsets.UTF_8)).getFirst();
            return HexFormat.of().formatHex(sha256(ca.getEncoded()));
        } catch (IOException e) {
            throw PlanetLabException.invalidArgument("cannot read PLC's CA certificate " + caFile + ", which names the pins of its nodes' host keys: "
                    + IoCauses.describe(e));
        } catch (CertificateEncodingException e) {
            throw PlanetLabException.invalidArgument("PLC's CA certificate " + caFile + " cannot be encoded: " + e.getMessage());
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
