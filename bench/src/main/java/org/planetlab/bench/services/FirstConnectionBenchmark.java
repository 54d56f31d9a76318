package org.planetlab.bench.services;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.bench.measure.Latencies;
import org.planetlab.bench.node.LinuxNode;
import org.planetlab.node.NodeAgent;
import org.planetlab.node.NodeAgentMain;
import org.planetlab.node.config.NodeAgentConfig;
import org.planetlab.node.config.NodeAgentConfigLoader;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.manager.Caller;
import org.planetlab.node.net.kernel.NamespaceThread;

/**
 * The first connection from outside the node to a port a sliver has just started listening on
 * (docs/node-network.md, "Inbound connections"): a real agent with the shipped network and its
 * inbound ports, BusyBox slivers, and a node namespace whose uplink reaches an "internet"
 * namespace ({@link LinuxNode}). For each sample a socket in the measured sliver's namespace
 * starts listening on a new port; from that moment, a thread in the internet namespace connects to
 * the node's address and that port once a millisecond (the node answers a refusal until its filters
 * forward the port) until a connection succeeds. Prints p50 / p99 of that delay, which the scan
 * for listeners (once a second) bounds. Root; arguments: [work directory] [samples, default 20]
 * [slivers present, default 10].
 */
public final class FirstConnectionBenchmark {
    private static final String SLICE = "bench_listener";
    private static final int FIRST_PORT = 20_000;
    private static final int ATTEMPT_TIMEOUT_MILLIS = 100;
    private static final long ATTEMPT_INTERVAL_NANOS = 1_000_000L;
    private static final long GIVE_UP_NANOS = 10_000_000_000L;

    private FirstConnectionBenchmark() {}

    public static void main(String[] arguments) throws Exception {
        Path work = Path.of(arguments.length > 0 ? arguments[0] : "/var/tmp/planetlab-bench-services");
        int samples = arguments.length > 1 ? Integer.parseInt(arguments[1]) : 20;
        int slivers = arguments.length > 2 ? Integer.parseInt(arguments[2]) : 10;
        if (samples < 1 || slivers < 1) {
            throw new IllegalArgumentException("samples and slivers must be at least 1");
        }
        Path image = work.resolve("image");
        if (!Files.isDirectory(image.resolve("bin"))) {
            HostCommand.onHost().run(List.of(Path.of("bin/build-sliver-image").toAbsolutePath().toString(), "busybox", image.toString()));
        }
        removeTree(work.resolve("state"));
        Map<String, String> values = new HashMap<>(Map.of(
                "prefix", "benchfc",
                "state-dir", work.resolve("state").toString(),
                "run-dir", "/run/planetlab-bench-services",
                "image-dir", image.toString(),
                "uid-base", "2100000000",
                "max-slivers", Integer.toString(slivers + 10),
                "disk-image-gigabytes", "4"));
        values.putAll(LinuxNode.create());
        NodeAgentConfig config = NodeAgentConfigLoader.fromMap(values);
        NodeAgent agent = new NodeAgent(config, keys -> NodeAgentMain.portedNetwork(keys, NodeAgentMain.linuxNetwork(keys)),
                NodeAgentMain.nodeCommand(config));
        try {
            agent.start();
            bind(agent, SLICE);
            for (int other = 1; other < slivers; other++) {
                bind(agent, "bench_idle_" + other);
            }
            Path sliver = agent.runtime().networkHandle(SLICE).orElseThrow().namespacePath();
            Path internet = Path.of("/run/netns/" + LinuxNode.INTERNET);
            // One unmeasured sample: class loading, the first namespace threads.
            firstConnection(sliver, internet, FIRST_PORT - 1);
            Latencies delays = new Latencies();
            AtomicLong attempts = new AtomicLong();
            for (int sample = 0; sample < samples; sample++) {
                long[] measured = firstConnection(sliver, internet, FIRST_PORT + sample);
                delays.add(measured[0]);
                attempts.addAndGet(measured[1]);
            }
            System.out.println("| measure | samples | slivers | p50 ms | p99 ms | max ms |");
            System.out.println("|---|---|---|---|---|---|");
            System.out.printf("| listen() in a sliver to the first connection from outside | %d | %d | %.1f | %.1f | %.1f |%n",
                    samples, slivers, delays.percentileMillis(50), delays.percentileMillis(99), delays.percentileMillis(100));
            System.out.printf("(%.1f refused attempts per sample on average, each answered at once)%n",
                    attempts.get() / (double) samples);
        } finally {
            agent.shutDownNode();
            removeTree(work.resolve("state"));
            removeTree(config.runDirectory());
            LinuxNode.remove();
        }
    }

    private static void bind(NodeAgent agent, String name) {
        String rcap = agent.manager().createPool(Caller.HOST_ROOT, Rspec.EMPTY, "plc.scs");
        agent.manager().bind(rcap, name, Rspec.EMPTY);
    }

    /**
     * Listens on {@code port} in the sliver's namespace and connects from the internet's until it
     * succeeds; the nanoseconds from listening to connected, and the attempts refused before.
     */
    private static long[] firstConnection(Path sliver, Path internet, int port) {
        AtomicReference<ServerSocket> listener = new AtomicReference<>();
        AtomicLong listening = new AtomicLong();
        NamespaceThread.runInEach(List.of(sliver), "bench-listen", ignored -> {
            try {
                ServerSocket socket = new ServerSocket();
                socket.bind(new InetSocketAddress("0.0.0.0", port), 16);
                listening.set(System.nanoTime());
                listener.set(socket);
            } catch (IOException e) {
                throw new IllegalStateException("cannot listen on port " + port + " in " + sliver + ": " + e.getMessage(), e);
            }
        });
        long[] result = new long[2];
        try (ServerSocket socket = listener.get()) {
            NamespaceThread.runInEach(List.of(internet), "bench-connect", ignored -> {
                InetSocketAddress node = new InetSocketAddress(LinuxNode.NODE_ADDRESS, port);
                while (true) {
                    try (Socket client = new Socket()) {
                        client.connect(node, ATTEMPT_TIMEOUT_MILLIS);
                        result[0] = System.nanoTime() - listening.get();
                        return;
                    } catch (ConnectException | SocketTimeoutException refused) {
                        result[1]++;
                        // One attempt a millisecond: each leaves a connection tracking entry for a while.
                        LockSupport.parkNanos(ATTEMPT_INTERVAL_NANOS);
                        if (System.nanoTime() - listening.get() > GIVE_UP_NANOS) {
                            throw new IllegalStateException("port " + port + " not reachable from outside after 10 s");
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException("connecting to " + node + ": " + e.getMessage(), e);
                    }
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("closing the listener on port " + port + ": " + e.getMessage(), e);
        }
        return result;
    }

    /** Removes a directory tree without crossing into anything mounted under it. */
    private static void removeTree(Path root) {
        HostCommand.onHost().run(List.of("rm", "-rf", "--one-file-system", root.toString()));
    }
}
