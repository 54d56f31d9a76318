package org.planetlab.boot.medium;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The boot manager's program on the medium: its jars in {@code lib/} and a {@code boot-manager}
 * launcher that names the medium's own directory.
 */
public final class MediumProgram {
    /** The launcher's name on the medium. */
    public static final String LAUNCHER = "boot-manager";
    /** The boot manager's main class. */
    public static final String MAIN_CLASS = "org.planetlab.boot.BootManagerMain";

    private static final String SCRIPT = """
            #!/bin/sh
            # PlanetLab boot manager: boot-manager --plnode FILE [--disk DIR]; see docs/boot.md
            medium=$(cd "$(dirname "$0")" && pwd)
            exec "${JAVA:-java}" -cp "$medium/lib/*" %s --medium "$medium" "$@"
            """.formatted(MAIN_CLASS);

    private MediumProgram() {}

    /** Copies {@code jars} into the medium's {@code lib/} and writes the launcher. */
    public static void write(Path medium, List<Path> jars) {
        try {
            Path lib = Files.createDirectories(medium.resolve("lib"));
            for (Path jar : jars) {
                Files.copy(jar, lib.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            Path launcher = medium.resolve(LAUNCHER);
            Files.writeString(launcher, SCRIPT, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the boot manager onto the medium " + medium, e);
        }
    }

    /** The class path entries to run the boot manager from the medium. */
    public static String classPath(Path medium) {
        return medium.resolve("lib") + "/*";
    }
}
