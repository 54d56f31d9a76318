package org.planetlab.testbed;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * A copy of the built software (PLC's and the node agent's jars and libraries) that a testbed's
 * processes run from, so that rebuilding the checkout while the testbed runs does not pull jars
 * out from under them.
 *
 * @param copy where the copy is ({@code <copy>/<module>/*.jar} and {@code lib/})
 * @param root the checkout, whose build is used where there is no copy (stopping what a crashed
 *     testbed left before it made one)
 * @param java the java that runs the testbed, which runs its processes too
 */
record Runtime(Path copy, Path root, Path java) {
    Runtime {
        requireNonNull(copy, "copy is null");
        requireNonNull(root, "root is null");
        requireNonNull(java, "java is null");
    }

    /**
     * Copies {@code server} (PLC with its front ends), {@code node} and {@code boot} (the boot
     * manager) from the checkout's build into {@code copy}.
     */
    static Runtime snapshot(Path root, Path copy) {
        for (String module : List.of("server", "node", "boot")) {
            Path target = root.resolve(module).resolve("target");
            Path destination = copy.resolve(module);
            try {
                Files.createDirectories(destination.resolve("lib"));
                for (Path jar : jars(target)) {
                    Files.copy(jar, destination.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
                try (Stream<Path> libraries = Files.list(target.resolve("lib"))) {
                    for (Path library : libraries.toList()) {
                        Files.copy(library, destination.resolve("lib").resolve(library.getFileName()),
                                StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            } catch (IOException e) {
                throw new PlanetLabException(ErrorCode.UNAVAILABLE, "cannot copy the built " + module
                        + " (build it with ./mvnw -DskipTests package): " + e.getMessage(), e);
            }
        }
        return existing(root, copy);
    }

    /** The copy an earlier {@link #snapshot} made, falling back to the checkout's build. */
    static Runtime existing(Path root, Path copy) {
        Path java = ProcessHandle.current().info().command().map(Path::of)
                .orElseThrow(() -> new IllegalStateException("cannot tell which java runs the testbed"));
        return new Runtime(copy, root, java);
    }

    /** The command that runs {@code main} of {@code module}. */
    List<String> command(String module, String main, String... arguments) {
        return command(module, main, List.of(), arguments);
    }

    /** The command that runs {@code main} of {@code module} in a JVM with {@code jvmOptions}. */
    List<String> command(String module, String main, List<String> jvmOptions, String... arguments) {
        Path directory = copy.resolve(module);
        if (!Files.isDirectory(directory.resolve("lib"))) {
            directory = root.resolve(module).resolve("target");
        }
        List<Path> jars;
        try {
            jars = jars(directory);
        } catch (IOException e) {
            jars = List.of();
        }
        if (jars.isEmpty()) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, module + " is not built; build it with"
                    + " ./mvnw -DskipTests package");
        }
        List<String> command = new ArrayList<>(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", jars.getFirst() + ":" + directory.resolve("lib") + "/*", main));
        command.addAll(List.of(arguments));
        return command;
    }

    private static List<Path> jars(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(path -> path.toString().endsWith(".jar") && !path.toString().endsWith("-tests.jar"))
                    .toList();
        }
    }
}
