package org.planetlab.testbed;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.planetlab.node.host.HostCommand;

/**
 * The testbed's sliver reference images, built by {@code bin/build-sliver-image} once and kept
 * in a cache outside any testbed's data directory, so that the next {@code up} reuses them. An
 * image is named by its kind and a digest of what it is built from (the build script and, for
 * Debian, the mirror): changing either builds a new one beside the old, which is never changed
 * under slivers that may still run over it. Builds of one cache are serialized by a lock file, so
 * two testbeds starting together build an image once.
 */
final class SliverImages {
    /** A Debian image takes about half a minute on an idle machine; allow for a busy one. */
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(15);

    /** What an image holds. */
    enum Kind {
        /** Debian bookworm minbase: what nodes run and people use, with apt. */
        DEBIAN,
        /** BusyBox only: built in a second, for tests that need speed. */
        BUSYBOX;

        String argument() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Path root;
    private final Path cache;

    /**
     * @param root the checkout, whose {@code bin/} builds images
     * @param cache where the images are kept
     */
    SliverImages(Path root, Path cache) {
        this.root = requireNonNull(root, "root is null");
        this.cache = requireNonNull(cache, "cache is null");
    }

    /** The image of {@code kind}, built first if the cache has none for the current recipe. */
    Path image(Kind kind) {
        try {
            Files.createDirectories(cache);
            try (FileChannel channel = FileChannel.open(cache.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
                Path image = cache.resolve(kind.argument() + "-" + recipeDigest(kind));
                if (!Files.isDirectory(image.resolve("bin")) && !Files.isSymbolicLink(image.resolve("bin"))) {
                    new HostCommand(List.of(), BUILD_TIMEOUT).run(List.of(root.resolve("bin/build-sliver-image").toString(),
                            kind.argument(), image.toString()));
                }
                return image;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the sliver image cache " + cache, e);
        }
    }

    /** The first 16 hex digits of SHA-256 over the build script and, for Debian, the mirror it builds from. */
    private String recipeDigest(Kind kind) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(Files.readAllBytes(root.resolve("bin/build-sliver-image")));
            if (kind == Kind.DEBIAN) {
                digest.update(DebianMirror.of(root).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
