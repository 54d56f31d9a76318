package org.planetlab.node.net.slots;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.net.layout.SliverNetworkConfig;
import org.planetlab.node.net.layout.SliverNetworkConfigReader;
import org.planetlab.node.net.layout.SlotLayout;
import org.planetlab.node.privileged.HostCapabilities;

/**
 * A node and a piece of Internet made of network namespaces, for privileged tests: a "node"
 * namespace whose uplink {@code up0} (10.254.0.1/24) reaches an "internet" namespace holding
 * 10.254.0.2 and 10.254.0.3. Nothing is connected to the machine's own network. Every namespace
 * this creates, including the slivers' (which share its random tag), and every process it
 * starts is removed by {@link #close}, which also checks that no namespace of the tag is left.
 */
final class TestingNode implements AutoCloseable {
    static final String NODE_ADDRESS = "10.254.0.1";
    static final String INTERNET_ADDRESS = "10.254.0.2";
    static final String SECOND_INTERNET_ADDRESS = "10.254.0.3";

    private static final HostCommand HOST = HostCommand.onHost();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String tag;
    private final String nodeNamespace;
    private final String internetNamespace;
    private final List<Process> processes = new ArrayList<>();

    private TestingNode(String tag) {
        this.tag = tag;
        this.nodeNamespace = tag + "-node";
        this.internetNamespace = tag + "-inet";
    }

    /** Builds the namespaces (the test must be {@code @Privileged}). */
    static TestingNode create() {
        HostCapabilities.require();
        byte[] random = new byte[3];
        RANDOM.nextBytes(random);
        TestingNode node = new TestingNode("plnt" + HexFormat.of().formatHex(random));
        try {
            node.build();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    private void build() {
        run(List.of("ip", "netns", "add", nodeNamespace));
        run(List.of("ip", "netns", "add", internetNamespace));
        run(List.of("ip", "link", "add", "up0", "netns", nodeNamespace, "type", "veth", "peer", "name", "eth0",
                "netns", internetNamespace));
        runBatch(nodeNamespace, List.of("link set lo up", "addr add " + NODE_ADDRESS + "/24 dev up0", "link set up0 up"));
        runBatch(internetNamespace, List.of("link set lo up", "addr add " + INTERNET_ADDRESS + "/24 dev eth0",
                "addr add " + SECOND_INTERNET_ADDRESS + "/24 dev eth0", "link set eth0 up"));
    }

    /** Runs tools in the node's namespace, as the agent does in the testbed. */
    HostCommand nodeCommand() {
        return in(nodeNamespace);
    }

    HostCommand internetCommand() {
        return in(internetNamespace);
    }

    /** Runs tools in a namespace given by name or path. */
    HostCommand in(String namespace) {
        String path = namespace.startsWith("/") ? namespace : SlotLayout.NAMESPACE_DIRECTORY.resolve(namespace).toString();
        return new HostCommand(List.of("nsenter", "--net=" + path), Duration.ofSeconds(60));
    }

    HostCommand in(Path namespacePath) {
        return in(namespacePath.toString());
    }

    String internetNamespacePath() {
        return SlotLayout.NAMESPACE_DIRECTORY.resolve(internetNamespace).toString();
    }

    String namespacePrefix() {
        return tag + "-s";
    }

    /** The network config for this node: 2 spare slots, everything else default unless overridden. */
    SliverNetworkConfig config(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>();
        values.put("namespace-prefix", namespacePrefix());
        values.put("uplink-device", "up0");
        values.put("node-namespace", SlotLayout.NAMESPACE_DIRECTORY.resolve(nodeNamespace).toString());
        values.put("node-address", NODE_ADDRESS);
        values.put("spare-slots", "2");
        values.putAll(overrides);
        return SliverNetworkConfigReader.read(values);
    }

    /** Starts a process in a namespace; it is killed by {@link #close} if still running. */
    Process start(String namespace, List<String> command) {
        List<String> full = new ArrayList<>(List.of("nsenter", "--net=" + namespace));
        full.addAll(command);
        try {
            Process process = new ProcessBuilder(full).start();
            synchronized (processes) {
                processes.add(process);
            }
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ICMP echo requests the internet side has received so far. */
    long internetEchoRequests() {
        String snmp = internetCommand().run(List.of("cat", "/proc/net/snmp"));
        List<String> icmp = snmp.lines().filter(line -> line.startsWith("Icmp:")).toList();
        List<String> names = List.of(icmp.get(0).split("\\s+"));
        String[] values = icmp.get(1).split("\\s+");
        return Long.parseLong(values[names.indexOf("InEchos")]);
    }

    /** Namespace names of this node still present on the machine. */
    List<String> namespacesLeft() {
        try (Stream<Path> files = Files.list(SlotLayout.NAMESPACE_DIRECTORY)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.startsWith(tag)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public void close() {
        synchronized (processes) {
            for (Process process : processes) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                try {
                    process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        for (String namespace : namespacesLeft()) {
            runAllowingFailure(List.of("ip", "netns", "del", namespace));
        }
        List<String> left = namespacesLeft();
        if (!left.isEmpty()) {
            throw new AssertionError("network namespaces left behind: " + left);
        }
    }

    private static void runBatch(String namespace, List<String> lines) {
        HOST.runWithInput(List.of("ip", "-n", namespace, "-batch", "-"), String.join("\n", lines) + "\n");
    }

    private static String run(List<String> command) {
        return HOST.run(command);
    }

    private static void runAllowingFailure(List<String> command) {
        HOST.runAllowingFailure(command, null);
    }
}
