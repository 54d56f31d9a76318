package org.planetlab.node.privileged;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.node.NodeAgent;
import org.planetlab.node.config.NodeAgentConfig;
import org.planetlab.node.config.NodeAgentConfigLoader;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.manager.Caller;
import org.planetlab.node.net.SliverNetwork;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.node.sliver.ExecRequest;
import org.planetlab.node.state.VmRecord;

/**
 * A real node agent for tests, with its own prefix, directories (under target/), uid range and
 * busybox reference image, and bare network namespaces for slivers. {@link #close} removes every
 * kernel object and file it made, also after a failed test.
 */
public final class TestingNodeAgent implements AutoCloseable {
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Path MODULE = Path.of("").toAbsolutePath();
    public static final Path IMAGE = MODULE.resolve("target/sliver-image-busybox");
    private static final Path DEBIAN_IMAGE = MODULE.resolve("target/sliver-image-debian");

    final String prefix;
    final Path base;
    final NodeAgentConfig config;
    final NamespaceOnlyNetwork network;
    private final Function<NodeAgentConfig, SliverNetwork> networkFactory;
    private final Function<NodeAgentConfig, HostCommand> nodeCommand;
    NodeAgent agent;

    private TestingNodeAgent(Map<String, String> overrides, Function<NodeAgentConfig, SliverNetwork> networkFactory,
            Function<NodeAgentConfig, HostCommand> nodeCommand) {
        int instance = INSTANCES.incrementAndGet();
        prefix = "t" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36) + instance;
        base = MODULE.resolve("target/agents").resolve(prefix);
        Map<String, String> values = new HashMap<>();
        values.put("prefix", prefix);
        values.put("state-dir", base.resolve("state").toString());
        values.put("run-dir", base.resolve("run").toString());
        values.put("image-dir", IMAGE.toString());
        values.put("uid-base", Long.toString(1_100_000_000L + (instance % 30) * 80_000_000L));
        values.put("max-slivers", "1100");
        values.put("disk-image-gigabytes", "4");
        values.put("ssh-port", "0");
        values.putAll(overrides);
        config = NodeAgentConfigLoader.fromMap(values);
        network = new NamespaceOnlyNetwork(prefix);
        this.networkFactory = networkFactory == null ? ignored -> network : networkFactory;
        this.nodeCommand = nodeCommand;
    }

    static TestingNodeAgent start(Map<String, String> overrides) {
        return start(overrides, null, ignored -> HostCommand.onHost());
    }

    /** An agent with another sliver network (e.g. the real one) and node command. */
    static TestingNodeAgent start(Map<String, String> overrides, Function<NodeAgentConfig, SliverNetwork> networkFactory,
            Function<NodeAgentConfig, HostCommand> nodeCommand) {
        HostCapabilities.require();
        Leftovers.removeOnce(MODULE.resolve("target/agents"));
        buildImage();
        TestingNodeAgent node = new TestingNodeAgent(overrides, networkFactory, nodeCommand);
        try {
            node.restart();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    static TestingNodeAgent start() {
        return start(Map.of());
    }

    public static synchronized void buildImage() {
        if (Files.isDirectory(IMAGE.resolve("bin"))) {
            return;
        }
        HostCommand.onHost().run(List.of(MODULE.getParent().resolve("bin/build-sliver-image").toString(), "busybox", IMAGE.toString()));
    }

    /**
     * The Debian image nodes run by default, built once into target/ (about half a minute from the
     * Debian mirror apt uses, see docs/image.md).
     */
    public static synchronized Path debianImage() {
        if (!Files.isDirectory(DEBIAN_IMAGE.resolve("bin"))) {
            new HostCommand(List.of(), java.time.Duration.ofMinutes(15)).run(List.of(
                    MODULE.getParent().resolve("bin/build-sliver-image").toString(), "debian", DEBIAN_IMAGE.toString()));
        }
        return DEBIAN_IMAGE;
    }

    /** Starts a new agent process-in-JVM over the same state, as after a crash of the old one. */
    void restart() {
        if (agent != null) {
            agent.close();
        }
        agent = new NodeAgent(config, networkFactory, nodeCommand.apply(config));
        agent.start();
    }

    /** A second agent over the same configuration and state, not started. */
    NodeAgent anotherAgent() {
        return new NodeAgent(config, networkFactory, nodeCommand.apply(config));
    }

    /** Creates a pool and binds it: a running VM. */
    VmRecord createSliver(String name, Map<RspecAttribute, String> attributes) {
        String rcap = agent.manager().createPool(Caller.HOST_ROOT, new Rspec(attributes, List.of(), "", ""), "plc.scs");
        return agent.manager().bind(rcap, name, Rspec.EMPTY);
    }

    VmRecord createSliver(String name) {
        return createSliver(name, Map.of());
    }

    /** Runs a shell command inside a sliver as its root; returns exit code and combined output. */
    Result sh(String sliver, String command) {
        return run(sliver, ExecRequest.asRoot(List.of("/bin/sh", "-c", command)), null);
    }

    Result run(String sliver, ExecRequest request, byte[] input) {
        try {
            Process process = agent.exec().builder(sliver, request).redirectErrorStream(true).start();
            try (var stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input);
                }
            }
            byte[] output;
            try (InputStream stdout = process.getInputStream()) {
                output = stdout.readAllBytes();
            }
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("command in %s finished", sliver).isTrue();
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Result(int exitCode, String output) {}

    @Override
    public void close() {
        try {
            if (agent != null) {
                agent.shutDownNode();
            }
        } finally {
            try {
                Leftovers.remove(prefix, base);
                // A test that names its slivers' namespaces itself gets them removed too, also
                // when the shutdown above failed before detaching them.
                String namespaces = config.network().get("namespace-prefix");
                if (namespaces != null) {
                    Leftovers.removeNamespaces(namespaces);
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot clean up test agent " + prefix, e);
            }
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove " + root, e);
        }
    }
}
