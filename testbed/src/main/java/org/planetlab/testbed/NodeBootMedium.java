package org.planetlab.testbed;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.planetlab.api.client.PlcClient;
import org.planetlab.boot.manager.NodeDisk;
import org.planetlab.boot.medium.BootMedium;
import org.planetlab.boot.medium.MediumProgram;
import org.planetlab.node.host.NodeJvm;
import org.planetlab.trust.key.KeyFiles;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.node.PlnodeConfig;
import org.planetlab.trust.node.PlnodeFile;

/**
 * The testbed's boot medium (docs/boot.md), one for all its nodes: PLC's address, TLS CA and
 * root keys, and the boot manager from the testbed's copy of the build; and the node software
 * release the boot managers install.
 *
 * @param directory the medium
 */
record NodeBootMedium(Path directory) {
    /** How often a testbed's boot managers ask for their release, unless the testbed says otherwise. */
    static final Duration RELEASE_CHECKS = Duration.ofSeconds(5);

    NodeBootMedium {
        requireNonNull(directory, "directory is null");
    }

    /** Writes the medium into the testbed's data directory. */
    static NodeBootMedium write(TestbedLayout layout, Runtime runtime) {
        Path directory = layout.dataDir().resolve("boot-medium");
        BootMedium.write(directory, URI.create(layout.plcUrl()), Pem.readCertificates(KeyFiles.read(layout.caFile())).getFirst(),
                layout.plcDir().resolve("trust").resolve("roots"));
        MediumProgram.write(directory, bootJars(runtime));
        return new NodeBootMedium(directory);
    }

    /**
     * The boot manager's command for a node: from the medium, with the node's plnode.txt, its
     * directory as its disk. It asks for the release PLC offers the node every {@code releaseChecks}
     * ({@link #RELEASE_CHECKS}, 5 s, unless the testbed says otherwise; a real node: every hour),
     * so that a wave on a testbed takes seconds, not a day.
     */
    List<String> bootCommand(Runtime runtime, TestbedLayout.TestbedNode node, Duration releaseChecks) {
        List<String> command = new ArrayList<>(List.of(runtime.java().toString(), "--enable-native-access=ALL-UNNAMED"));
        command.addAll(NodeJvm.BOOT_MANAGER.options());
        command.addAll(List.of("-cp", MediumProgram.classPath(directory), MediumProgram.MAIN_CLASS, "--medium", directory.toString(),
                "--plnode", node.directory().resolve("plnode.txt").toString(), "--disk", node.directory().toString(),
                "--release-check-seconds", Long.toString(releaseChecks.toSeconds())));
        return List.copyOf(command);
    }

    /** Publishes the node software release: the agent's launcher, its defaults and the owner script. */
    void publishRelease(PlcClient operator, TestbedLayout layout, Runtime runtime, String agentDefaults) {
        operator.call("AddRelease", "testbed node agent", List.of(
                file(NodeDisk.AGENT_LAUNCHER, NodeAgentFiles.agentLauncher(runtime)),
                file(NodeDisk.AGENT_DEFAULTS, agentDefaults),
                file(NodeAgentFiles.OWNER_SCRIPT, NodeAgentFiles.ownerScript(layout))));
    }

    /** Adds the node's own agent settings to its plnode.txt (kept 0600: it holds the node key). */
    static void addAgentSettings(Path plnodeFile, Map<String, String> settings) {
        PlnodeConfig plnode = PlnodeFile.read(plnodeFile);
        Map<String, String> extra = new TreeMap<>(plnode.extra());
        extra.putAll(settings);
        PlnodeFile.write(plnodeFile, new PlnodeConfig(plnode.ipMethod(), plnode.ipAddress(), plnode.hostname(), plnode.netDevice(),
                plnode.nodeKey(), plnode.nodeId(), new TreeMap<>(extra)));
    }

    private static List<Path> bootJars(Runtime runtime) {
        Path module = runtime.copy().resolve("boot");
        if (!Files.isDirectory(module.resolve("lib"))) {
            module = runtime.root().resolve("boot").resolve("target");
        }
        List<Path> jars = new ArrayList<>();
        try {
            try (Stream<Path> files = Files.list(module)) {
                files.filter(path -> path.toString().endsWith(".jar") && !path.toString().endsWith("-tests.jar")).forEach(jars::add);
            }
            try (Stream<Path> files = Files.list(module.resolve("lib"))) {
                files.forEach(jars::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the boot manager is not built (./mvnw -DskipTests package): " + module, e);
        }
        return jars;
    }

    private static Map<String, Object> file(String name, String content) {
        return Map.of("name", name, "content", Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)));
    }
}
