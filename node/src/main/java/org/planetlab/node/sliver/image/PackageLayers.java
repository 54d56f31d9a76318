package org.planetlab.node.sliver.image;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.host.HostCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Images with a slice's Debian packages installed, one per (base image, package set), shared by
 * every sliver asking for that set and kept in {@code package-layer-dir} across agent restarts.
 *
 * <p>A layer is built on a worker of its own, never on a sliver's create path: a create that
 * needs a layer not built yet starts its build and is refused with {@code UNAVAILABLE} ("being
 * built"), so no sliver exists until its image does; the slice creation service asks again and
 * the sliver is created once the layer is there. A failed build is reported the same way, with
 * apt's last lines, until {@code package-retry-seconds} have passed.
 *
 * <p>A layer is built in a staging directory, its digest ({@link LayerDigest}) recorded in
 * {@code <name>.layer}, and only then renamed into place; at its first use by a run of the agent
 * its tree is hashed again and a layer whose digest differs (changed, or cut short by a crash) is
 * moved aside and built anew. So a half-built or corrupt layer is never under a new sliver.
 */
public final class PackageLayers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PackageLayers.class);
    private static final String STAGING = ".building-";

    private final ImageSettings settings;
    private final LayerBuild build;
    private final ExecutorService worker;
    private final Clock clock;
    /** What this run of the agent knows of each layer, by name; guarded by this. */
    private final Map<String, LayerState> states = new HashMap<>();
    /** Since when each layer kept on disk is seen unused by the sweeps of this run; guarded by this. */
    private final Map<String, Instant> unusedSince = new HashMap<>();

    private sealed interface LayerState {}

    private record Building(Instant since) implements LayerState {}

    private record Ready(Path directory) implements LayerState {}

    private record Failed(String message, Instant at) implements LayerState {}

    /**
     * @param namespacePrefix names the agent's build namespaces, machine-wide unique (the agent's prefix)
     * @param worker builds layers, one at a time
     */
    public PackageLayers(ImageSettings settings, String namespacePrefix, HostCommand host, ExecutorService worker, Clock clock) {
        this.settings = requireNonNull(settings, "settings is null");
        this.build = new LayerBuild(settings, namespacePrefix, host);
        this.worker = requireNonNull(worker, "worker is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Removes what builds cut short by a crash left: staging directories and build namespaces. */
    public void removeLeftovers() {
        build.removeLeftoverNamespaces();
        Path directory = settings.layerDirectory();
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (var entries = Files.list(directory)) {
            for (Path entry : entries.toList()) {
                if (entry.getFileName().toString().startsWith(STAGING)) {
                    deleteTree(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    /**
     * The layer of {@code packages} over the image {@code vref} at {@code base}, verified, if it is
     * built; otherwise starts its build (once) and refuses.
     *
     * @throws PlanetLabException {@code UNAVAILABLE} while the layer is being built,
     *     {@code HOST_OPERATION_FAILED} with the build's error if it failed
     */
    public synchronized Path require(String vref, Path base, PackageSet packages) {
        String name = name(vref, base, packages);
        // A sliver about to be made over it uses it, recorded or not yet: the next sweep starts its while again.
        unusedSince.remove(name);
        LayerState state = states.get(name);
        if (state instanceof Ready ready && Files.isDirectory(ready.directory())) {
            return ready.directory();
        }
        if (state instanceof Failed failed && failed.at().plus(settings.retryAfterFailure()).isAfter(clock.instant())) {
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "the image with packages " + packages + " over "
                    + vref + " could not be built: " + failed.message() + "; fix the packages attribute at PLC, or wait "
                    + settings.retryAfterFailure().toSeconds() + " s for the node to try again");
        }
        if (!(state instanceof Building)) {
            if (verified(name)) {
                Path directory = settings.layerDirectory().resolve(name);
                states.put(name, new Ready(directory));
                return directory;
            }
            Instant since = clock.instant();
            states.put(name, new Building(since));
            LOG.info("building the image with packages {} over {} ({})", packages, vref, name);
            worker.execute(() -> buildLayer(name, base, packages));
            state = states.get(name);
        }
        throw new PlanetLabException(ErrorCode.UNAVAILABLE, "building: the image with packages " + packages + " over " + vref
                + " is being built on this node (since " + ((Building) state).since() + "); the sliver is created once it is");
    }

    /**
     * Removes each layer on disk that is not in {@code inUse} and has been seen unused by every
     * sweep for {@code keepUnusedLayer} (its directory, its record and its build log); a layer being
     * built is kept. A layer a create asked for since the last sweep is seen unused from this sweep
     * on, so a sliver being made over a layer never loses it.
     *
     * @return the names of the layers removed
     */
    public synchronized java.util.Set<String> removeUnused(java.util.Set<String> inUse) {
        Instant now = clock.instant();
        java.util.Set<String> removed = new java.util.TreeSet<>();
        for (String name : layersOnDisk()) {
            if (inUse.contains(name) || states.get(name) instanceof Building) {
                unusedSince.remove(name);
                continue;
            }
            Instant since = unusedSince.putIfAbsent(name, now);
            if (since != null && !since.plus(settings.keepUnusedLayer()).isAfter(now)) {
                deleteTree(settings.layerDirectory().resolve(name));
                try {
                    Files.deleteIfExists(record(name));
                    Files.deleteIfExists(settings.layerDirectory().resolve(name + ".log"));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot remove the record of layer " + name, e);
                }
                states.remove(name);
                unusedSince.remove(name);
                removed.add(name);
                LOG.info("removed the image layer {}: no sliver used it for {} s", name, settings.keepUnusedLayer().toSeconds());
            }
        }
        unusedSince.keySet().retainAll(layersOnDisk());
        return removed;
    }

    /** The names of the layers in the layer directory: finished ones (with a record) and ones whose record is gone. */
    private java.util.Set<String> layersOnDisk() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        Path directory = settings.layerDirectory();
        if (!Files.isDirectory(directory)) {
            return names;
        }
        try (var entries = Files.list(directory)) {
            for (Path entry : entries.toList()) {
                String file = entry.getFileName().toString();
                if (file.startsWith(".")) {
                    // Staging directories and layers moved aside: the next start and the operator handle them.
                    continue;
                }
                if (file.endsWith(".layer")) {
                    names.add(file.substring(0, file.length() - ".layer".length()));
                } else if (Files.isDirectory(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    names.add(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        return names;
    }

    /** Each layer this node keeps, by name, with what it is now. */
    public synchronized Map<String, String> describe() {
        Map<String, String> described = new HashMap<>();
        states.forEach((name, state) -> described.put(name, switch (state) {
            case Building building -> "building since " + building.since();
            case Ready ready -> "ready";
            case Failed failed -> "failed at " + failed.at() + ": " + failed.message();
        }));
        return described;
    }

    /** Stops the build running, if any (its staging directory is removed at the next start); later builds are not started. */
    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The layer's name: the image's name and a digest of the image's directory and the package set. */
    static String name(String vref, Path base, PackageSet packages) {
        String identity = base.toAbsolutePath().normalize() + "\n" + String.join(",", packages.names()) + "\n";
        return vref + "-" + LayerDigest.of(identity).substring(0, 16);
    }

    private void buildLayer(String name, Path base, PackageSet packages) {
        Path directory = settings.layerDirectory();
        Path staging = directory.resolve(STAGING + name);
        LayerState outcome;
        try {
            Files.createDirectories(directory);
            deleteTree(staging);
            deleteTree(directory.resolve(name));
            Files.deleteIfExists(record(name));
            long started = System.nanoTime();
            build.build(base, packages, staging, directory.resolve(name + ".log"));
            String digest = LayerDigest.of(staging);
            Path temporary = record(name).resolveSibling(name + ".layer.tmp");
            Files.writeString(temporary, "digest " + digest + "\nbase " + base + "\npackages " + String.join(",", packages.names())
                    + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, record(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.move(staging, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            LOG.info("built the image with packages {} ({}) in {} ms", packages, name, (System.nanoTime() - started) / 1_000_000);
            outcome = new Ready(directory.resolve(name));
        } catch (IOException | RuntimeException e) {
            String message = e instanceof UncheckedIOException unchecked ? unchecked.getCause().toString() : e.getMessage();
            LOG.warn("the image with packages {} ({}) could not be built: {}", packages, name, message);
            // An interrupted build (the agent stopping) still removes its staging directory.
            boolean interrupted = Thread.interrupted();
            try {
                deleteTree(staging);
            } catch (RuntimeException cleanup) {
                LOG.warn("cannot remove {}; the next start of the agent does: {}", staging, cleanup.getMessage());
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            outcome = new Failed(message, clock.instant());
        }
        synchronized (this) {
            states.put(name, outcome);
        }
    }

    /**
     * True if the layer is in place and its tree has the digest recorded when it was built. A layer
     * that has not is moved aside ({@code .corrupt-<name>-<time>}), not removed: slivers started
     * over it still have it mounted, and the operator may want to see what changed.
     */
    private boolean verified(String name) {
        Path directory = settings.layerDirectory().resolve(name);
        if (!Files.isDirectory(directory) || !Files.isRegularFile(record(name))) {
            return false;
        }
        try {
            List<String> lines = Files.readAllLines(record(name), StandardCharsets.UTF_8);
            String recorded = lines.isEmpty() ? "" : lines.getFirst().replaceFirst("^digest ", "");
            if (recorded.equals(LayerDigest.of(directory))) {
                return true;
            }
            Path aside = directory.resolveSibling(".corrupt-" + name + "-" + clock.millis());
            LOG.warn("the image layer {} does not have the digest recorded when it was built; moved to {} and built again", name, aside);
            Files.move(directory, aside, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(record(name));
        } catch (IOException | RuntimeException e) {
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "the image layer " + name + " cannot be verified: "
                    + e.getMessage(), e);
        }
        return false;
    }

    private Path record(String name) {
        return settings.layerDirectory().resolve(name + ".layer");
    }

    private static void deleteTree(Path root) {
        if (Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            HostCommand.onHost().run(List.of("rm", "-rf", "--one-file-system", root.toString()));
        }
    }
}
