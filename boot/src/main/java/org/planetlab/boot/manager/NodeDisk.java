package org.planetlab.boot.manager;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the boot manager keeps on the node's own disk, under one root: the staged releases
 * ({@code releases/}, checked downloads and what the node accepted), the installed node software
 * ({@code software/}), the node agent's configuration and its state ({@code state/}: slivers,
 * pools, the node's keys and certificates). A reinstall wipes all of it except the record of the
 * releases the node accepted, so that a reinstalled node still refuses an older release.
 *
 * @param root the node's disk
 */
public record NodeDisk(Path root) {
    /** The release's program that starts the node agent; it is given {@code --config FILE}. */
    public static final String AGENT_LAUNCHER = "start-node-agent";
    /** The release's defaults for the agent's configuration. */
    public static final String AGENT_DEFAULTS = "node-agent.properties";
    private static final String INSTALLED_MARKER = ".release-number";
    private static final String FAILED = "failed-releases";

    public NodeDisk {
        requireNonNull(root, "root is null");
    }

    public Path releases() {
        return root.resolve("releases");
    }

    public Path software() {
        return root.resolve("software");
    }

    public Path state() {
        return root.resolve("state");
    }

    public Path agentConfig() {
        return root.resolve("node-agent.properties");
    }

    /** The node's console log, the agent's and the boot manager's (state-dir/console), kept by a reinstall. */
    public Path console() {
        return state().resolve("console");
    }

    public Path agentLog() {
        return root.resolve("agent.log");
    }

    /** Where the boot manager keeps the debug SSH service's host key. */
    public Path debugHostKey() {
        return root.resolve("debug-ssh").resolve("host-key");
    }

    /** The number of the installed release, if any. */
    public Optional<Long> installedRelease() {
        return releaseIn(software());
    }

    /** The number of the release installed in {@code software}, if any. */
    static Optional<Long> releaseIn(Path software) {
        Path marker = software.resolve(INSTALLED_MARKER);
        try {
            return Files.isRegularFile(marker) ? Optional.of(Long.parseLong(Files.readString(marker).strip())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The software the last install replaced, kept to go back to. */
    public Path previousSoftware() {
        return root.resolve("software.previous");
    }

    /** The number of the release kept to go back to, if any. */
    public Optional<Long> previousRelease() {
        return releaseIn(previousSoftware());
    }

    /** Releases whose agent failed its health check here: never installed again. */
    public List<Long> failedReleases() {
        Path file = releases().resolve(FAILED);
        try {
            return Files.isRegularFile(file) ? Files.readAllLines(file).stream().map(String::strip).filter(line -> !line.isEmpty())
                    .map(Long::parseLong).toList() : List.of();
        } catch (IOException | NumberFormatException e) {
            throw new UncheckedIOException(new IOException("cannot read " + file + ": " + e.getMessage(), e));
        }
    }

    /** Records that release {@code number} failed its health check on this node. */
    public void markFailed(long number) {
        Path file = releases().resolve(FAILED);
        try {
            Files.createDirectories(releases());
            Files.writeString(file, number + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record failed release " + number + " in " + file, e);
        }
    }

    /**
     * Puts the software the last install replaced back in place (the failed one is removed).
     *
     * @return the release number now installed
     */
    public long restorePrevious() {
        long number = previousRelease().orElseThrow(() -> new IllegalStateException(
                "no previous release under " + previousSoftware() + " to go back to"));
        try {
            delete(software());
            Files.move(previousSoftware(), software());
            return number;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put release " + number + " back into " + software(), e);
        }
    }

    /**
     * Installs the files of a staged, verified release as the node software: copied next to the
     * current software, then put in its place; the agent launcher made executable. The replaced
     * software is kept as {@link #previousSoftware()}, so a release that fails its health check
     * can be left at once.
     */
    public void install(Path stagedRelease, long number) {
        Path next = root.resolve("software.next");
        try {
            delete(next);
            Files.createDirectories(next);
            List<Path> files;
            try (Stream<Path> entries = Files.list(stagedRelease)) {
                files = entries.filter(Files::isRegularFile).filter(file -> !file.getFileName().toString().startsWith(".")).toList();
            }
            for (Path file : files) {
                Files.copy(file, next.resolve(file.getFileName()));
            }
            Path launcher = next.resolve(AGENT_LAUNCHER);
            if (Files.exists(launcher)) {
                Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-x---"));
            }
            Files.writeString(next.resolve(INSTALLED_MARKER), number + "\n", StandardCharsets.UTF_8);
            if (Files.isDirectory(software())) {
                delete(previousSoftware());
                Files.move(software(), previousSoftware());
            }
            Files.move(next, software());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install release " + number + " into " + software(), e);
        }
    }

    /**
     * A reinstall's wipe: the software, the agent's configuration and state (every sliver) and the
     * staged release files go; what the node accepted of releases and its console log stay.
     */
    public void wipe() {
        try {
            delete(software());
            delete(root.resolve("software.next"));
            delete(previousSoftware());
            if (Files.isDirectory(state())) {
                try (Stream<Path> entries = Files.list(state())) {
                    for (Path entry : entries.filter(entry -> !entry.equals(console())).toList()) {
                        delete(entry);
                    }
                }
            }
            Files.deleteIfExists(agentConfig());
            if (Files.isDirectory(releases())) {
                try (Stream<Path> entries = Files.list(releases())) {
                    for (Path entry : entries.filter(Files::isDirectory).toList()) {
                        delete(entry);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot wipe the node's disk under " + root, e);
        }
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
