package org.planetlab.boot;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.boot.medium.BootMedium;
import org.planetlab.boot.medium.MediumProgram;
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
        MediumProgram.write(directory, classPath());
        System.out.println("boot medium written to " + directory + "; boot a node with: " + directory.resolve(MediumProgram.LAUNCHER)
                + " --plnode plnode.txt");
        return 0;
    }

    /** This program's class path: the boot manager's jars. */
    private static List<Path> classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of)
                .filter(path -> Files.isRegularFile(path) && path.toString().endsWith(".jar")).toList();
    }
}
