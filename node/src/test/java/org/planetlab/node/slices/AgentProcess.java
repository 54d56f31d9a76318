package org.planetlab.node.slices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.NodeAgentMain;
import org.planetlab.api.nodemanager.NodeManagerClient;

/**
 * A node agent as the testbed runs it: its own JVM (so that it can be SIGKILLed), started with
 * nsenter inside the node's network namespace, from a copy of the test class path (other builds
 * may rewrite target/classes meanwhile). Its log is kept under its directory.
 */
final class AgentProcess implements AutoCloseable {
    private final Path base;
    private final Path configFile;
    private final String namespacePath;
    private final Path log;
    private Process process;
    private int starts;

    AgentProcess(Path base, Map<String, String> config, String namespacePath) {
        this.base = base;
        this.configFile = base.resolve("node-agent.properties");
        this.namespacePath = namespacePath;
        this.log = base.resolve("agent.log");
        StringBuilder text = new StringBuilder();
        config.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        try {
            Files.createDirectories(base);
            Files.writeString(configFile, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path socket() {
        return base.resolve("run/node-manager.sock");
    }

    Path log() {
        return log;
    }

    void start() {
        starts++;
        List<String> command = new ArrayList<>(List.of("nsenter", "--net=" + namespacePath));
        command.addAll(List.of(ProcessHandle.current().info().command().orElse("java"), "--enable-native-access=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", classPath(), NodeAgentMain.class.getName(),
                "--config", configFile.toString()));
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Awaitility.await("agent " + starts + " serves its node manager (log " + log + ")").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(50)).until(this::serving);
    }

    private boolean serving() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the agent ended with status " + process.exitValue() + "; see " + log);
        }
        if (!Files.exists(socket())) {
            return false;
        }
        try (NodeManagerClient client = NodeManagerClient.connect(socket())) {
            client.call("WhoAmI", Map.of());
            return true;
        } catch (PlanetLabException e) {
            return false;
        }
    }

    /** SIGKILL, as a crash. */
    void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** SIGTERM, as an orderly stop. */
    void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitFor();
        }
    }

    private void waitFor() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Removes every kernel object of the node with the agent's own --shutdown-node. */
    void shutDownNode() {
        stop();
        try {
            Process shutdown = new ProcessBuilder("nsenter", "--net=" + namespacePath,
                    ProcessHandle.current().info().command().orElse("java"), "--enable-native-access=ALL-UNNAMED", "-cp", classPath(),
                    NodeAgentMain.class.getName(), "--config", configFile.toString(), "--shutdown-node")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            shutdown.waitFor(120, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        shutDownNode();
    }

    private String classPath() {
        Path copies = base.resolve("classpath");
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")).split(":")) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                Path copy = copies.resolve(path.getParent().getFileName() + "-" + path.getFileName());
                if (!Files.exists(copy)) {
                    copyTree(path, copy);
                }
                entries.add(copy.toString());
            } else {
                entries.add(entry);
            }
        }
        return String.join(":", entries);
    }

    private static void copyTree(Path source, Path target) {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path destination = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(path, destination);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
