package org.planetlab.node.release;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * The node agent's word that it is up: written into its state directory once it started and
 * brought every recorded sliver to its phase. Whoever installs a new release (the boot manager)
 * removes it before starting the agent and waits for it as the agent's health check.
 *
 * @param slivers how many slivers the agent keeps
 * @param converged whether every one of them reached its recorded phase
 */
public record AgentReadiness(long slivers, boolean converged) {
    private static final String FILE = "agent-ready";

    public static Path file(Path stateDirectory) {
        return stateDirectory.resolve(FILE);
    }

    /** Written by the agent; replaced in one rename, so a reader never sees half of it. */
    public void write(Path stateDirectory) {
        Path target = file(stateDirectory);
        Path temporary = stateDirectory.resolve(FILE + ".new");
        try {
            Files.writeString(temporary, "slivers=" + slivers + "\nconverged=" + converged + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** What the agent wrote, if it did since the file was last cleared. */
    public static Optional<AgentReadiness> read(Path stateDirectory) {
        Path file = file(stateDirectory);
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            Properties properties = new Properties();
            properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            return Optional.of(new AgentReadiness(Long.parseLong(properties.getProperty("slivers", "0")),
                    Boolean.parseBoolean(properties.getProperty("converged", "false"))));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public static void clear(Path stateDirectory) {
        try {
            Files.deleteIfExists(file(stateDirectory));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file(stateDirectory), e);
        }
    }
}
