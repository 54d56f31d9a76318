package org.planetlab.node.sliver.image;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.host.HostCommand;

/**
 * One run of apt over a copy of an image, confined: the copy is the root of a chroot in new
 * mount, pid, ipc and uts namespaces, inside a network namespace of its own whose only way out is
 * a {@link RepositoryForwarder} to the package repository PLC serves. The host's apt, its
 * sources and its network are never used.
 */
final class LayerBuild {
    private static final String SCRIPT = "/org/planetlab/node/sliver/image/build-layer.sh";
    private static final String BUILD_FILES = "tmp/planetlab-layer-build";
    private static final int ERROR_LINES = 6;

    private final ImageSettings settings;
    private final String namespacePrefix;
    private final HostCommand host;
    private final AtomicInteger builds = new AtomicInteger();

    /** @param namespacePrefix names this agent's build namespaces ({@code <prefix>-layer-<n>}), machine-wide unique */
    LayerBuild(ImageSettings settings, String namespacePrefix, HostCommand host) {
        this.settings = requireNonNull(settings, "settings is null");
        this.namespacePrefix = requireNonNull(namespacePrefix, "namespacePrefix is null");
        this.host = requireNonNull(host, "host is null");
    }

    /**
     * Copies {@code base} to {@code staging} (which must not exist) and installs {@code packages}
     * there, writing apt's output to {@code log}. Throws with apt's last lines if it fails;
     * {@code staging} is then the caller's to remove.
     */
    void build(Path base, PackageSet packages, Path staging, Path log) {
        URI repository = settings.sources().repository().orElseThrow(() -> new PlanetLabException(ErrorCode.UNAVAILABLE,
                "this node has no package repository (node agent config package-repository), so it installs no packages"));
        host.run(List.of("cp", "-a", "--reflink=auto", base.toString(), staging.toString()));
        String namespace = namespacePrefix + "-layer-" + builds.incrementAndGet();
        host.run(List.of("ip", "netns", "add", namespace));
        try {
            host.run(List.of("ip", "-n", namespace, "link", "set", "lo", "up"));
            int port = repository.getPort() < 0 ? 80 : repository.getPort();
            try (RepositoryForwarder forwarder = RepositoryForwarder.open(Path.of("/run/netns", namespace),
                    new InetSocketAddress(repository.getHost(), port))) {
                writeSources(staging, "http://127.0.0.1:" + forwarder.port() + repository.getRawPath());
                run(namespace, staging, packages, log);
            }
        } finally {
            host.runAllowingFailure(List.of("ip", "netns", "del", namespace), null);
        }
    }

    /** Removes the build namespaces an earlier run of the agent left (it was killed during a build). */
    void removeLeftoverNamespaces() {
        Path namespaces = Path.of("/run/netns");
        if (!Files.isDirectory(namespaces)) {
            return;
        }
        try (var entries = Files.list(namespaces)) {
            for (Path entry : entries.toList()) {
                if (entry.getFileName().toString().startsWith(namespacePrefix + "-layer-")) {
                    host.runAllowingFailure(List.of("ip", "netns", "del", entry.getFileName().toString()), null);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + namespaces, e);
        }
    }

    private void writeSources(Path staging, String url) {
        Path files = staging.resolve(BUILD_FILES);
        try {
            Files.createDirectories(files.resolve("parts"));
            StringBuilder line = new StringBuilder("deb ");
            settings.keyring().ifPresent(keyring -> line.append("[signed-by=/").append(BUILD_FILES).append("/keyring.gpg] "));
            line.append(url).append(' ').append(settings.sources().suite()).append(" main\n");
            Files.writeString(files.resolve("sources.list"), line.toString(), StandardCharsets.UTF_8);
            if (settings.keyring().isPresent()) {
                Files.copy(settings.keyring().get(), files.resolve("keyring.gpg"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sources of the build in " + staging, e);
        }
    }

    private void run(String namespace, Path staging, PackageSet packages, Path log) {
        List<String> command = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + namespace,
                "unshare", "--mount", "--pid", "--fork", "--kill-child", "--ipc", "--uts", "--",
                "/bin/sh", "-c", script(), "build-layer", staging.toString()));
        command.addAll(packages.names());
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the build of " + packages, e);
        }
        try {
            if (!process.waitFor(settings.buildTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "installing " + packages + " took longer than "
                        + settings.buildTimeout().toSeconds() + " s (package-build-seconds) and was stopped");
            }
            if (process.exitValue() != 0) {
                throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "installing " + packages + " failed (apt exited with "
                        + process.exitValue() + "): " + lastLines(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log of the build of " + packages, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "the build of " + packages + " was interrupted", e);
        } finally {
            // unshare --kill-child takes the build's pid namespace, and with it every process of the build, along.
            if (process.isAlive()) {
                process.destroyForcibly();
                try {
                    process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** apt's errors ({@code E:} lines) if it wrote some, else the last lines of the log. */
    private static String lastLines(Path log) throws IOException {
        List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().map(String::strip)
                .filter(line -> !line.isEmpty()).toList();
        List<String> errors = lines.stream().filter(line -> line.startsWith("E: ")).toList();
        List<String> chosen = errors.isEmpty() ? lines : errors;
        String text = String.join(" / ", chosen.subList(Math.max(0, chosen.size() - ERROR_LINES), chosen.size()));
        return text.length() > 1000 ? text.substring(0, 1000) + "..." : text;
    }

    private static String script() {
        try (InputStream input = LayerBuild.class.getResourceAsStream(SCRIPT)) {
            if (input == null) {
                throw new IllegalStateException("the jar lacks " + SCRIPT);
            }
            return new String(input.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SCRIPT, e);
        }
    }
}
