package org.planetlab.node.scs;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.planetlab.api.scs.ScsSettings;
import org.planetlab.node.host.NodeJvm;
import org.planetlab.trust.key.KeyFiles;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.tls.TlsIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the slice creation service as a process of its own, the way a service runs in its slice:
 * as the host uid of its sliver's root, so the node manager's peer credentials name it as that
 * slice and nothing else; in the node's network namespace; with no capability, no supplementary
 * group and no way to gain privileges; in its own directory, which holds copies of what it may
 * read (its settings, PLC's CA, the root keys, the node's TLS key for its endpoint) and its
 * records. It is restarted when it ends, after a pause that grows while it keeps failing.
 *
 * <p>The service is built as a module of its own; the agent starts its main class by name from
 * a copy of the agent's class path, where the packaging puts the service's jar among the agent's
 * runtime libraries.
 */
public final class ScsSupervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScsSupervisor.class);
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(60);
    private static final Duration HEALTHY = Duration.ofMinutes(5);

    private final Path directory;
    private final Path classPathDirectory;
    private final Path log;
    private final List<String> prefix;
    private final long uid;
    private Process process;
    private boolean wanted;
    private Duration pause = FIRST_PAUSE;

    /**
     * @param directory the service's own directory (its working directory)
     * @param classPathDirectory where the agent's class path is copied for the service
     * @param log where the service's output goes
     * @param prefix words before the command, e.g. nsenter into the node's network namespace
     * @param uid the host uid of the service slice's root
     */
    public ScsSupervisor(Path directory, Path classPathDirectory, Path log, List<String> prefix, long uid) {
        this.directory = requireNonNull(directory, "directory is null");
        this.classPathDirectory = requireNonNull(classPathDirectory, "classPathDirectory is null");
        this.log = requireNonNull(log, "log is null");
        this.prefix = List.copyOf(prefix);
        this.uid = uid;
    }

    /**
     * Writes the service's files and starts it if it is not running.
     *
     * @param settings its settings, with paths relative to its directory
     * @param plcCa PLC's TLS CA, PEM
     * @param roots the trust roots' directory
     * @param tls the node's TLS identity for the ticket endpoint, if it has one
     */
    public synchronized void ensureRunning(ScsSettings settings, String plcCa, Path roots, java.util.Optional<TlsIdentity> tls) {
        wanted = true;
        if (process != null && process.isAlive()) {
            return;
        }
        endStaleServices();
        prepare(settings, plcCa, roots, tls);
        launch();
    }

    /**
     * Kills any service process still working in this service's directory that this supervisor did
     * not start: one a killed agent left, which would otherwise hold the ticket endpoint's port and
     * act on the node beside the new one until it noticed its agent was gone.
     */
    private void endStaleServices() {
        Path real;
        try {
            real = directory.toRealPath();
        } catch (IOException e) {
            return;
        }
        List<ProcessHandle> stale = ProcessHandle.allProcesses()
                .filter(handle -> commandLine(handle).contains(ScsSettings.MAIN_CLASS))
                .filter(handle -> workingIn(handle, real)).toList();
        for (ProcessHandle handle : stale) {
            LOG.warn("ending slice creation service pid {} left by an earlier run of the agent", handle.pid());
            handle.destroyForcibly();
        }
        for (ProcessHandle handle : stale) {
            try {
                handle.onExit().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.warn("slice creation service pid {} did not end within 5 s of SIGKILL", handle.pid());
            }
        }
    }

    /** The whole command line ({@code ProcessHandle.Info} drops the arguments past one page). */
    private static String commandLine(ProcessHandle handle) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(handle.pid()), "cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean workingIn(ProcessHandle handle, Path directory) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(handle.pid()), "cwd")).equals(directory);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Stops the service (for a restart with new files, or for good). */
    public synchronized void stop() {
        wanted = false;
        if (process == null) {
            return;
        }
        Process stopping = process;
        process = null;
        stopping.destroy();
        try {
            if (!stopping.waitFor(5, TimeUnit.SECONDS)) {
                stopping.destroyForcibly();
                stopping.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("slice creation service stopped");
    }

    /** Forgets the service's records (a reinstall). */
    public synchronized void wipe() {
        stop();
        try {
            ServiceClassPath.deleteTree(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + directory, e);
        }
    }

    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    private void prepare(ScsSettings settings, String plcCa, Path roots, java.util.Optional<TlsIdentity> tls) {
        try {
            Files.createDirectories(directory);
            Files.createDirectories(directory.resolve("roots"));
            Files.createDirectories(directory.resolve("tls"));
            KeyFiles.writePublic(directory.resolve(settings.plcCaFile()), plcCa);
            try (Stream<Path> files = Files.list(roots)) {
                for (Path root : files.filter(file -> file.getFileName().toString().endsWith(".pem")).toList()) {
                    KeyFiles.writePublic(directory.resolve(settings.rootsDirectory()).resolve(root.getFileName()), KeyFiles.read(root));
                }
            }
            if (tls.isPresent()) {
                KeyFiles.writePrivateKey(directory.resolve(settings.tlsKeyFile()), tls.get().privateKey());
                StringBuilder chain = new StringBuilder();
                tls.get().chain().forEach(certificate -> chain.append(Pem.write(certificate)));
                KeyFiles.writePublic(directory.resolve(settings.tlsChainFile()), chain.toString());
            }
            KeyFiles.writePublic(directory.resolve(ScsSettings.FILE), settings.fileContent());
            giveToService(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the slice creation service's directory " + directory, e);
        }
    }

    /** Everything in the directory belongs to the service's uid; the directory is open to it alone. */
    private void giveToService(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                // uids above 2^31 wrap to negative ints here and back to unsigned in chown(2).
                Files.setAttribute(path, "unix:uid", (int) uid, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", (int) uid, LinkOption.NOFOLLOW_LINKS);
            }
        }
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
    }

    private void launch() {
        String classPath = ServiceClassPath.stage(System.getProperty("java.class.path"), classPathDirectory);
        // The class path goes in an argument file: on the command line it would make it longer
        // than the page that ProcessHandle (and ps) read of /proc/<pid>/cmdline, which would then
        // no longer show the main class.
        Path arguments = classPathDirectory.resolve("java-arguments");
        try {
            Files.writeString(arguments, "-cp \"" + classPath.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n");
            Files.setPosixFilePermissions(arguments, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the slice creation service's java arguments " + arguments, e);
        }
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--no-new-privs",
                "--inh-caps=-all", "--bounding-set=-all",
                ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString())));
        command.addAll(NodeJvm.SLICE_CREATION_SERVICE.options());
        command.addAll(List.of("@" + arguments, ScsSettings.MAIN_CLASS));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> environment = builder.environment();
        environment.keySet().retainAll(List.of("PATH", "LANG", "TZ"));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the slice creation service", e);
        }
        LOG.info("slice creation service started as uid {} (pid {}, log {})", uid, process.pid(), log);
        Process started = process;
        long startedAt = System.nanoTime();
        Thread.ofPlatform().name("scs-supervisor").daemon().start(() -> watch(started, startedAt));
    }

    private void watch(Process started, long startedAt) {
        int status;
        try {
            status = started.waitFor();
        } catch (InterruptedException e) {
            return;
        }
        Duration wait;
        synchronized (this) {
            if (!wanted || process != started) {
                return;
            }
            if (Duration.ofNanos(System.nanoTime() - startedAt).compareTo(HEALTHY) > 0) {
                pause = FIRST_PAUSE;
            }
            wait = pause;
            pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
            LOG.warn("slice creation service ended with status {}; starting it again in {} s (log {})", status, wait.toSeconds(), log);
        }
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            return;
        }
        synchronized (this) {
            if (wanted && process == started) {
                launch();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
