package org.planetlab.bench.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.planetlab.node.host.HostCommand;

/**
 * A node network namespace whose uplink reaches an "internet" namespace, both private to the
 * benchmark (10.254.0.0/24). Everything carrying its random tag is deleted by {@link #close},
 * also on Ctrl-C through a shutdown hook.
 */
final class BenchNode implements AutoCloseable {
    private static final HostCommand HOST = HostCommand.onHost();

    private final String tag;

    private BenchNode(String tag) {
        this.tag = tag;
    }

    static BenchNode create() {
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        BenchNode node = new BenchNode("plbench" + HexFormat.of().formatHex(random));
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "bench-node-cleanup"));
        String nodeNamespace = node.tag + "-node";
        String internet = node.tag + "-inet";
        HOST.run(List.of("ip", "netns", "add", nodeNamespace));
        HOST.run(List.of("ip", "netns", "add", internet));
        HOST.run(List.of("ip", "link", "add", "up0", "netns", nodeNamespace, "type", "veth", "peer", "name", "eth0", "netns", internet));
        HOST.runWithInput(List.of("ip", "-n", nodeNamespace, "-batch", "-"), "link set lo up\naddr add 10.254.0.1/24 dev up0\nlink set up0 up\n");
        HOST.runWithInput(List.of("ip", "-n", internet, "-batch", "-"), "link set lo up\naddr add 10.254.0.2/24 dev eth0\nlink set eth0 up\n");
        return node;
    }

    HostCommand nodeCommand() {
        return new HostCommand(List.of("nsenter", "--net=/run/netns/" + tag + "-node"), java.time.Duration.ofSeconds(120));
    }

    String nodeNamespacePath() {
        return "/run/netns/" + tag + "-node";
    }

    String sliverNamespacePrefix() {
        return tag + "-s";
    }

    @Override
    public synchronized void close() {
        try (Stream<Path> files = Files.list(Path.of("/run/netns"))) {
            // The node namespace goes last: its deletion takes the uplink and every veth with it.
            files.map(file -> file.getFileName().toString()).filter(name -> name.startsWith(tag))
                    .sorted((a, b) -> Boolean.compare(a.endsWith("-node"), b.endsWith("-node")))
                    .forEach(name -> HOST.runAllowingFailure(List.of("ip", "netns", "del", name), null));
        } catch (IOException e) {
            System.err.println("cannot list /run/netns: " + e.getMessage());
        }
    }
}
