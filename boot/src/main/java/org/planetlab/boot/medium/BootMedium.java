package org.planetlab.boot.medium;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.key.KeyFiles;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.key.TrustRoots;

/**
 * The boot medium (Architecture §5.2): an immutable directory, the same for every node, holding
 * what a node needs to find and trust its boot server before it has anything else: the boot
 * server's address ({@value #SETTINGS_FILE}), the certificate authority that PLC's TLS
 * certificate must chain to ({@value #CA_FILE}), and the well-known root keys that sign the node
 * software releases ({@value #ROOTS_DIRECTORY}/). The boot manager's own program sits beside them
 * ({@code lib/}, {@code boot-manager}). Nothing node-specific: the node's {@code plnode.txt} is
 * kept apart, and a medium holding one is refused.
 *
 * @param directory where the medium is mounted
 * @param bootServer PLC's API URL, https only
 * @param tlsCa the only CA trusted for the boot server's TLS certificate
 * @param trustRoots the directory of root keys
 */
public record BootMedium(Path directory, URI bootServer, X509Certificate tlsCa, Path trustRoots) {
    public static final String SETTINGS_FILE = "boot-medium.properties";
    public static final String CA_FILE = "plc-ca.pem";
    public static final String ROOTS_DIRECTORY = "roots";

    public BootMedium {
        requireNonNull(directory, "directory is null");
        requireNonNull(bootServer, "bootServer is null");
        requireNonNull(tlsCa, "tlsCa is null");
        requireNonNull(trustRoots, "trustRoots is null");
        if (!"https".equals(bootServer.getScheme()) || bootServer.getHost() == null) {
            throw PlanetLabException.invalidArgument("boot-server must be an https URL such as https://plc.example.org:443/;"
                    + " the boot manager talks to PLC only over TLS");
        }
    }

    /** Reads and checks a medium: its settings, its CA certificate and at least one root key. */
    public static BootMedium read(Path directory) {
        requireNonNull(directory, "directory is null");
        if (Files.exists(directory.resolve("plnode.txt"))) {
            throw PlanetLabException.invalidArgument(directory + " holds a plnode.txt: the boot medium must hold nothing"
                    + " node-specific; keep plnode.txt beside it and name it with --plnode");
        }
        Path settingsFile = directory.resolve(SETTINGS_FILE);
        if (!Files.isRegularFile(settingsFile)) {
            throw PlanetLabException.invalidArgument(directory + " is not a boot medium: it has no " + SETTINGS_FILE
                    + "; write one with bin/boot-medium");
        }
        Properties settings = new Properties();
        try {
            settings.load(new StringReader(Files.readString(settingsFile, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + settingsFile, e);
        }
        String server = settings.getProperty("boot-server");
        if (server == null || server.isBlank()) {
            throw PlanetLabException.invalidArgument(settingsFile + ": boot-server is missing (PLC's https URL)");
        }
        for (String key : settings.stringPropertyNames()) {
            if (!key.equals("boot-server")) {
                throw PlanetLabException.invalidArgument(settingsFile + ": unknown key " + key + "; only boot-server is read");
            }
        }
        X509Certificate ca = Pem.readCertificates(KeyFiles.read(directory.resolve(CA_FILE))).getFirst();
        Path roots = directory.resolve(ROOTS_DIRECTORY);
        TrustRoots.load(roots);
        return new BootMedium(directory, URI.create(server.strip()), ca, roots);
    }

    /**
     * Writes a medium into {@code directory}: the settings, PLC's TLS CA and a copy of the root
     * keys in {@code rootsSource}. The boot manager's program is added by bin/boot-medium.
     */
    public static BootMedium write(Path directory, URI bootServer, X509Certificate tlsCa, Path rootsSource) {
        try {
            Files.createDirectories(directory.resolve(ROOTS_DIRECTORY));
            Files.writeString(directory.resolve(SETTINGS_FILE), "# The boot medium's only setting; see docs/boot.md\n"
                    + "boot-server = " + bootServer + "\n", StandardCharsets.UTF_8);
            Files.writeString(directory.resolve(CA_FILE), Pem.write(tlsCa), StandardCharsets.UTF_8);
            List<Path> roots;
            try (Stream<Path> files = Files.list(rootsSource)) {
                roots = files.filter(Files::isRegularFile).toList();
            }
            for (Path root : roots) {
                Files.copy(root, directory.resolve(ROOTS_DIRECTORY).resolve(root.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the boot medium in " + directory, e);
        }
        return read(directory);
    }
}
