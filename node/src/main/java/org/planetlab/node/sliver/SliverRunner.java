package org.planetlab.node.sliver;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.planetlab.node.host.HostCommand;

/**
 * The native {@code sliver-runner} (node/src/main/c), shipped inside the jar and unpacked into
 * the run directory at start. It does the work a multithreaded JVM cannot: unshare, setns,
 * pivot_root, fork into a new pid namespace.
 */
public final class SliverRunner {
    static final String RESOURCE = "/org/planetlab/node/sliver/sliver-runner";
    private final Path binary;
    private final HostCommand host = new HostCommand(List.of(), Duration.ofSeconds(60));

    private SliverRunner(Path binary) {
        this.binary = binary;
    }

    /** Unpacks the runner to {@code target} unless an identical copy is already there. */
    public static SliverRunner install(Path target) {
        requireNonNull(target, "target is null");
        try (InputStream input = SliverRunner.class.getResourceAsStream(RESOURCE)) {
            if (input == null) {
                throw new IllegalStateException("the jar lacks " + RESOURCE + "; build the node module with a C compiler installed");
            }
            byte[] content = input.readAllBytes();
            if (!Files.exists(target) || !Arrays.equals(Files.readAllBytes(target), content)) {
                Files.createDirectories(target.getParent());
                Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
                Files.write(temporary, content);
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rwx------"));
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return new SliverRunner(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the sliver runner at " + target, e);
        }
    }

    public Path binary() {
        return binary;
    }

    /** Runs one mode of the runner to completion; returns its standard output. */
    public String run(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(arguments);
        return host.run(command);
    }

    /** The command line of one runner invocation, for callers that manage the process themselves. */
    public List<String> command(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(arguments);
        return command;
    }
}
