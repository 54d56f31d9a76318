package org.planetlab.testbed;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.client.RequestSigner;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.host.HostCommand;
import org.planetlab.plc.Bootstrap;
import org.planetlab.plc.Passwords;
import org.planetlab.plc.Plc;
import org.planetlab.plc.PlcConfig;
import org.planetlab.trust.key.KeyFiles;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.tls.TlsContexts;

/**
 * A testbed in a box: PLC and several nodes on this machine. {@link #up} builds it (cleaning up
 * the remains of a previous one first), {@link #down} removes everything it made, also after a
 * crash, and {@link #status} says what is running.
 */
public final class Testbed {
    /** The operator of the testbed's PLC. */
    static String operator(TestbedLayout layout) {
        return "admin@" + layout.domain();
    }
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    /** What survives a testbed: sliver images and the package repository's cache, unless {@code PLANETLAB_CACHE} names another place. */
    static final Path DEFAULT_CACHE = Path.of("/var/cache/planetlab");

    private final Path root;
    private final HostCommand host;
    private final SliverImages.Kind image;
    private final Path cache;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> plcSettings;
    private final Duration releaseChecks;

    /** A testbed whose slivers run Debian. */
    public Testbed(Path root, HostCommand host) {
        this(root, host, SliverImages.Kind.DEBIAN);
    }

    /**
     * @param root the project checkout, whose bin/ launchers start PLC and the node agents
     * @param image what the slivers run
     */
    Testbed(Path root, HostCommand host, SliverImages.Kind image) {
        this(root, host, image, Map.of());
    }

    /**
     * @param plcSettings more lines of PLC's plc.properties, such as a test's {@code mail.*} and
     *     {@code monitor.*} keys
     */
    Testbed(Path root, HostCommand host, SliverImages.Kind image, Map<String, String> plcSettings) {
        this(root, host, image, plcSettings, NodeBootMedium.RELEASE_CHECKS);
    }

    private Testbed(Path root, HostCommand host, SliverImages.Kind image, Map<String, String> plcSettings, Duration releaseChecks) {
        this.releaseChecks = requireNonNull(releaseChecks, "releaseChecks is null");
        if (releaseChecks.toSeconds() < 1) {
            throw new IllegalArgumentException("the boot managers' release checks need at least a second between them, not "
                    + releaseChecks);
        }
        this.root = requireNonNull(root, "root is null").toAbsolutePath();
        this.host = requireNonNull(host, "host is null");
        this.image = requireNonNull(image, "image is null");
        this.plcSettings = new TreeMap<>(requireNonNull(plcSettings, "plcSettings is null"));
        this.plcSettings.forEach((key, value) -> {
            if (!key.matches("[a-z][a-z0-9.-]*") || value.contains("\n")) {
                throw new IllegalArgumentException("a PLC setting is a key of lowercase words and one line of value, not "
                        + key + " = " + value);
            }
        });
        String configured = System.getenv("PLANETLAB_CACHE");
        this.cache = configured == null || configured.isBlank() ? DEFAULT_CACHE : Path.of(configured).toAbsolutePath();
    }

    /**
     * This testbed with its nodes' boot managers asking for their release every {@code every}
     * instead of every 5 s: a measurement of something else (slice creation) sets a real node's
     * hour, so that ten boot managers' checks, each a health check of the agent and a report to
     * PLC, do not run beside what is measured.
     */
    public Testbed withReleaseChecksEvery(Duration every) {
        return new Testbed(root, host, image, plcSettings, every);
    }

    /**
     * A started testbed: the operator's client and the demo accounts' passwords by e-mail.
     */
    public record Started(PlcClient operator, Map<String, String> passwords) {}

    /** Builds and starts a testbed; returns when the demo slice answers ssh on every node. */
    public Started up(TestbedLayout layout, PrintWriter out) {
        requireRoot();
        down(layout.dataDir(), layout.prefix(), out);
        createDirectory(layout.dataDir());
        createDirectory(layout.demoDir());
        TestbedState state = TestbedState.fresh(layout.stateFile(), layout);
        state.save();
        HostNetwork network = new HostNetwork(host, layout);
        network.createBridge();
        network.createHost(layout.internetNamespace(), layout.prefix() + "-ih", layout.internetAddress());
        for (TestbedLayout.TestbedNode node : layout.nodes()) {
            createDirectory(node.directory());
            network.createHost(node.namespace(), node.hostLink(), node.address());
        }
        out.println("network: bridge " + layout.bridge() + " " + layout.subnet() + ".0/24, " + layout.nodeCount()
                + " node namespaces and an Internet namespace (" + layout.internetAddress() + ")");
        out.flush();

        Runtime runtime = Runtime.snapshot(root, layout.runtimeDir());
        String operatorPassword = initializePlc(layout);
        state.add(ManagedProcess.start("plc", runtime.command("server", "org.planetlab.plc.PlcMain", "serve", "--data-dir",
                layout.plcDir().toString()), layout.plcDir().resolve("plc.log"), root));
        PlcClient operator = client(layout, new Credentials.Password(operator(layout), operatorPassword));
        awaitPlc(operator, Duration.ofSeconds(120));
        out.println("PLC: " + layout.plcUrl() + " (log " + layout.plcDir().resolve("plc.log") + ")");
        out.println(TestbedMetrics.describe(layout));
        PackageRepository repository = startRepository(layout, state);
        out.println("package repository: " + repository.url() + " (log " + repository.log() + ")");
        out.flush();

        Map<String, String> passwords = new TestbedSeed(operator, layout, random).seed();
        Path imageDirectory = new SliverImages(root, cache.resolve("images")).image(image);
        out.println("sliver image: " + imageDirectory);
        out.flush();
        // Each node host gets the boot medium and its plnode.txt; its boot manager brings the rest
        // from PLC: the node software release, the agent's configuration and certificates.
        NodeBootMedium medium = NodeBootMedium.write(layout, runtime);
        // The image is also offered by its kind's name, so a slice's vref "debian" (or "busybox") names it (docs/image.md).
        medium.publishRelease(operator, layout, runtime, NodeAgentFiles.releaseDefaults(layout, imageDirectory, repository.url())
                + "image." + image.argument() + " = " + imageDirectory + "\n");
        for (TestbedLayout.TestbedNode node : layout.nodes()) {
            NodeBootMedium.addAgentSettings(node.directory().resolve("plnode.txt"), NodeAgentFiles.plnodeSettings(layout, node));
            List<String> command = new ArrayList<>(List.of("nsenter", "--net=" + node.namespacePath()));
            command.addAll(medium.bootCommand(runtime, node, releaseChecks));
            List<String> shutdown = new ArrayList<>(List.of("nsenter", "--net=" + node.namespacePath()));
            shutdown.addAll(runtime.command("node", "org.planetlab.node.NodeAgentMain", "--config",
                    node.directory().resolve("node-agent.properties").toString(), "--shutdown-node"));
            writeExecutable(node.directory().resolve("reboot"), NodeReboot.script(node, shutdown, command));
            startPcu(layout, node, operator, state);
            state.add(ManagedProcess.start("node " + node.index(), command, node.directory().resolve("agent.log"), root));
        }
        out.println("waiting for the demo slice to be reachable by ssh on every node...");
        out.flush();
        List<String> addresses = layout.nodes().stream().map(TestbedLayout.TestbedNode::address).toList();
        if (!new SshProbe(layout.demoDir().resolve("id_ed25519")).awaitLogins(TestbedSeed.slice(layout), addresses,
                Duration.ofSeconds(180))) {
            out.println("warning: the demo slice is not reachable on every node yet; see the nodes' agent.log");
        }
        writeCredentials(layout, operatorPassword, passwords, out);
        return new Started(operator, passwords);
    }

    /**
     * Stops and removes everything of the testbed in {@code dataDir}, and whatever a crashed
     * testbed with the same prefix left.
     */
    public void down(Path dataDir, String prefix, PrintWriter out) {
        requireRoot();
        Path stateFile = dataDir.toAbsolutePath().resolve("testbed.json");
        TestbedState.read(stateFile).ifPresent(state -> {
            TestbedLayout layout = state.layout(dataDir);
            List<ManagedProcess> processes = new ArrayList<>(state.processList());
            // Node agents first (they may still talk to PLC), PLC last.
            processes.sort(Comparator.comparing(process -> process.name().equals("plc")));
            for (ManagedProcess process : processes) {
                if (process.alive()) {
                    out.println("stopping " + process.name() + " (pid " + process.pid() + ")");
                    out.flush();
                    process.stop(STOP_GRACE);
                }
            }
            Runtime runtime = Runtime.existing(root, layout.runtimeDir());
            HostNetwork network = new HostNetwork(host, layout);
            for (TestbedLayout.TestbedNode node : layout.nodes()) {
                Path config = node.directory().resolve("node-agent.properties");
                if (Files.exists(config) && Files.exists(node.namespacePath())) {
                    // An agent a reboot started again is not among the processes above.
                    network.killEverythingIn(node.namespace());
                    List<String> command = new ArrayList<>(List.of("nsenter", "--net=" + node.namespacePath()));
                    command.addAll(runtime.command("node", "org.planetlab.node.NodeAgentMain", "--config",
                            config.toString(), "--shutdown-node"));
                    host.runAllowingFailure(command, null);
                }
            }
        });
        new HostNetwork(host, new TestbedLayout(dataDir, 1, "10.77.0", 8443, prefix)).removeEverything();
        removeRunDirectories(prefix);
        deleteRecursively(dataDir.toAbsolutePath());
    }

    /**
     * The node agents' run directories (tb1, tb2, ... for prefix pltb), once nothing is mounted
     * under them, and their common parent once no other testbed's are left in it.
     */
    private void removeRunDirectories(String prefix) {
        Path runRoot = Path.of(NodeAgentFiles.RUN_ROOT);
        if (!Files.isDirectory(runRoot)) {
            return;
        }
        String mounts;
        try {
            mounts = Files.readString(Path.of("/proc/self/mounts"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Stream<Path> entries = Files.list(runRoot)) {
            for (Path directory : entries.filter(path -> path.getFileName().toString().matches(prefix.substring(2) + "[0-9]+")).toList()) {
                if (!mounts.contains(" " + directory + "/") && !mounts.contains(" " + directory + " ")) {
                    deleteRecursively(directory);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.delete(runRoot);
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            // Another testbed's agents still use it.
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + runRoot, e);
        }
    }

    /** A report of what runs: PLC, the node agents, and what each node last told PLC. */
    public String status(Path dataDir) {
        TestbedState state = TestbedState.read(dataDir.toAbsolutePath().resolve("testbed.json")).orElseThrow(() ->
                new PlanetLabException(ErrorCode.NOT_FOUND, "no testbed in " + dataDir + "; start one with bin/testbed up"));
        TestbedLayout layout = state.layout(dataDir);
        StringBuilder report = new StringBuilder();
        for (ManagedProcess process : state.processList()) {
            report.append("%-8s pid %-8d %s%n".formatted(process.name(), process.pid(),
                    process.alive() ? "running" : "NOT RUNNING (see " + process.log() + ")"));
        }
        try {
            String password = Files.readString(layout.plcDir().resolve("operator-password"), StandardCharsets.UTF_8).strip();
            PlcClient operator = client(layout, new Credentials.Password(operator(layout), password));
            for (Object row : (List<?>) operator.call("GetNodes", null, List.of("hostname", "boot_state", "last_contact",
                    "slice_ids"))) {
                Map<?, ?> node = (Map<?, ?>) row;
                report.append("%-40s %-10s slices %-3d last contact %s%n".formatted(node.get("hostname"),
                        node.get("boot_state"), ((List<?>) node.get("slice_ids")).size(),
                        node.get("last_contact") instanceof Number seconds
                                ? java.time.Instant.ofEpochSecond(seconds.longValue()).toString() : "never"));
            }
        } catch (IOException | RuntimeException e) {
            report.append("PLC does not answer: ").append(e.getMessage()).append('\n');
        }
        return report.toString();
    }

    /** A client of the testbed's PLC, trusting exactly its CA. */
    public static PlcClient client(TestbedLayout layout, Credentials credentials) {
        HttpClient http = TlsContexts.httpClient(TlsContexts.client(Pem.readCertificates(KeyFiles.read(layout.caFile()))
                .getFirst(), new SecureRandom()), Duration.ofSeconds(10));
        return new PlcClient(URI.create(layout.plcUrl()), credentials, PlcClient.Encoding.JSON, http, RequestSigner.NONE,
                Duration.ofSeconds(60));
    }

    private String initializePlc(TestbedLayout layout) {
        createDirectory(layout.plcDir());
        TestbedSeed.write(layout.plcDir().resolve(PlcConfig.FILE_NAME), """
                # PLC of the testbed in a box
                listen-address = %s
                port = %d
                tls-names = %s,localhost,127.0.0.1
                metrics.listen = %s
                am.port = %d
                am.registry-port = %d
                """.formatted(layout.plcAddress(), layout.plcPort(), layout.plcAddress(), TestbedMetrics.plcListen(layout),
                TestbedLayout.AM_PORT, TestbedLayout.REGISTRY_PORT)
                + (layout.peer().isEmpty() ? "" : "peer.name = " + layout.peerName() + "\n")
                + plcSettings.entrySet().stream().map(setting -> setting.getKey() + " = " + setting.getValue() + "\n")
                        .collect(Collectors.joining()));
        String password = Passwords.generate(random);
        TestbedSeed.write(layout.plcDir().resolve("operator-password"), password + "\n");
        PlcConfig config = PlcConfig.fromDataDir(layout.plcDir(), Map.of());
        try (Plc plc = Plc.start(config, Clock.systemUTC(), random, (handle, request) -> {
            throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, "not serving");
        }, false)) {
            new Bootstrap(plc).createOperator(operator(layout), password, "Testbed", "Operator");
        }
        return password;
    }

    /**
     * Starts the package repository on PLC's address, its cache kept for the next testbed with
     * this prefix (two testbeds never share one).
     */
    private PackageRepository startRepository(TestbedLayout layout, TestbedState state) {
        PackageRepository repository = new PackageRepository(layout, DebianMirror.of(root),
                cache.resolve("repository").resolve(layout.prefix()));
        createDirectory(repository.directory());
        createDirectory(repository.directory().resolve("conf"));
        createDirectory(repository.directory().resolve("log"));
        try {
            Files.createDirectories(repository.cache());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the package repository's cache " + repository.cache(), e);
        }
        TestbedSeed.write(repository.directory().resolve("conf").resolve("acng.conf"), repository.configuration());
        ManagedProcess process = ManagedProcess.start("repository", repository.command(),
                repository.directory().resolve("repository.log"), root);
        state.add(process);
        awaitRepository(repository, process, Duration.ofSeconds(30));
        return repository;
    }

    /** Waits until the repository accepts connections; refuses to go on if it stopped. */
    private static void awaitRepository(PackageRepository repository, ManagedProcess process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(repository.layout().plcAddress(), PackageRepository.PORT), 1000);
                return;
            } catch (IOException e) {
                if (!process.alive() || System.nanoTime() > deadline) {
                    throw new PlanetLabException(ErrorCode.UNAVAILABLE, "the package repository (apt-cacher-ng) does not"
                            + " answer on " + repository.url() + "; see " + repository.directory().resolve("repository.log"));
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PlanetLabException(ErrorCode.UNAVAILABLE, "interrupted while waiting for the package repository", e);
            }
        }
    }

    private static void awaitPlc(PlcClient operator, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                operator.call("AuthCheck");
                return;
            } catch (PlanetLabException e) {
                if (e.code() != ErrorCode.UNAVAILABLE || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PlanetLabException(ErrorCode.UNAVAILABLE, "interrupted while waiting for PLC", e);
            }
        }
    }

    private void writeCredentials(TestbedLayout layout, String operatorPassword, Map<String, String> passwords,
            PrintWriter out) {
        StringBuilder text = new StringBuilder();
        text.append("PLC:       ").append(layout.plcUrl()).append("  (CA: ").append(layout.caFile()).append(")\n");
        text.append("GENI AM:   ").append(layout.amUrl()).append("/  SFA registry: ").append(layout.registryUrl()).append("/\n");
        text.append("operator:  ").append(operator(layout)).append("  password: ").append(operatorPassword).append('\n');
        passwords.forEach((email, password) -> text.append("demo:      ").append(email).append("  password: ")
                .append(password).append('\n'));
        for (TestbedLayout.TestbedNode node : layout.nodes()) {
            text.append("node ").append(node.index()).append(":    ").append(node.hostname()).append("  ")
                    .append(node.address()).append('\n');
        }
        Path plConfig = layout.demoDir().resolve("pl.properties");
        TestbedSeed.write(plConfig, "url = %s\nca-file = %s\nuser = %s\npassword-file = user-password\n".formatted(
                layout.plcUrl(), layout.caFile(), TestbedSeed.user(layout)));
        text.append("\nUse the CLI as the demo user:\n")
                .append("  export PL_CONFIG=").append(plConfig).append('\n')
                .append("  bin/pl slice list\n")
                .append("Log into the demo slice on node 1:\n")
                .append("  bin/pl ssh -i ").append(layout.demoDir().resolve("id_ed25519")).append(' ')
                .append(TestbedSeed.slice(layout)).append(' ').append(layout.node(1).hostname()).append('\n')
                .append("or with ssh itself:\n  ssh -i ").append(layout.demoDir().resolve("id_ed25519")).append(' ')
                .append(TestbedSeed.slice(layout)).append('@').append(layout.node(1).address()).append('\n');
        TestbedSeed.write(layout.demoDir().resolve("user-password"), passwords.get(TestbedSeed.user(layout)) + "\n");
        TestbedSeed.write(layout.dataDir().resolve("README.txt"), text.toString());
        out.print(text);
        out.flush();
    }


    /** Starts the node's simulated PCU and records it at PLC, wired to the node (port 1). */
    private void startPcu(TestbedLayout layout, TestbedLayout.TestbedNode node, PlcClient operator, TestbedState state) {
        Path directory = NodePcu.pcuDirectory(node);
        createDirectory(directory);
        createDirectory(directory.resolve("state"));
        byte[] secret = new byte[8]; // IPMI passwords are at most 20 bytes
        random.nextBytes(secret);
        String password = java.util.HexFormat.of().formatHex(secret);
        TestbedSeed.write(directory.resolve("lan.conf"), NodePcu.lanConf(layout, node, password));
        TestbedSeed.write(directory.resolve("commands"), NodePcu.commands());
        writeExecutable(directory.resolve("chassis-control"), NodeReboot.chassisControl(node));
        state.add(ManagedProcess.start("pcu " + node.index(), NodePcu.command(node), directory.resolve("ipmi_sim.log"), root));
        long pcuId = (Long) operator.call("AddPCU", layout.siteLoginBase(), Map.of("ip", NodePcu.address(layout, node),
                "protocol", "ipmi", "model", "ipmi_sim", "username", NodePcu.USER, "password", password));
        operator.call("AddNodeToPCU", node.hostname(), pcuId, 1L);
    }

    private static void writeExecutable(Path file, String text) {
        TestbedSeed.write(file, text);
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireRoot() {
        try {
            if (!Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))) {
                throw new PlanetLabException(ErrorCode.PERMISSION_DENIED,
                        "the testbed makes network namespaces, cgroups and mounts: run it as root");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes the directory (and its parents) readable by root only. */
    static void createDirectory(Path directory) {
        try {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + directory + ": " + e.getMessage(), e);
        }
    }
}
