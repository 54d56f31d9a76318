package org.planetlab.boot;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.boot.medium.BootMedium;
import org.planetlab.trust.key.KeyFiles;
import org.planetlab.trust.key.Pem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code boot-medium DIR}: writes a boot medium, the same for every node of a PLC: the boot
 * server's address, PLC's TLS CA, the root keys, and the boot manager's program (this program's
 * class path in {@code lib/} and a {@code boot-manager} launcher).
 */
@Command(name = "boot-medium", mixinStandardHelpOptions = true, description = "Writes a PlanetLab boot medium (docs/boot.md).")
public final class BootMediumMain implements Callable<Integer> {
    /** The launcher on the medium; it passes its own directory as --medium. */
    static final String LAUNCHER = """
            #!/bin/sh
            # PlanetLab boot manager: boot-manager --plnode FILE [--disk DIR]; see docs/boot.md
            medium=$(cd "$(dirname "$0")" && pwd)
            exec "${JAVA:-java}" -cp "$medium/lib/*" org.planetlab.boot.BootManagerMain --medium "$medium" "$@"
            """;

    @Parameters(index = "0", description = "the directory to write the medium into")
    private Path directory;

    @Option(names = "--boot-server", required = true, description = "PLC's https URL as nodes reach it")
    private URI bootServer;

    @Option(names = "--ca-file", required = true, description = "PLC's TLS CA certificate (PEM), e.g. DATA/trust/tls-ca.pem")
    private Path caFile;

    @Option(names = "--roots-dir", required = true, description = "the root keys, e.g. DATA/trust/roots")
    private Path rootsDirectory;

    public static void main(String[] arguments) {
        System.exit(new CommandLine(new BootMediumMain()).execute(arguments));
    }

    @Override
    public Integer call() throws IOException {
        try {
            BootMedium.write(directory, bootServer, Pem.readCertificates(KeyFiles.read(caFile)).getFirst(), rootsDirectory);
        } catch (PlanetLabException e) {
            System.err.println("boot-medium: " + e.getMessage());
            return 1;
        }
        writeProgram(directory);
        System.out.println("boot medium written to " + directory + "; boot a node with: " + directory.resolve("boot-manager")
                + " --plnode plnode.txt");
        return 0;
    }

    /** Copies this program's class path into {@code lib/} and writes the launcher. */
    static void writeProgram(Path directory) throws IOException {
        Path lib = Files.createDirectories(directory.resolve("lib"));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            if (Files.isRegularFile(jar) && entry.endsWith(".jar")) {
                Files.copy(jar, lib.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path launcher = directory.resolve("boot-manager");
        Files.writeString(launcher, LAUNCHER, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
