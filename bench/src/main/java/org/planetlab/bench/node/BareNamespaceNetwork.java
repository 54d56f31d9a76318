package org.planetlab.bench.node;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.net.NamespaceFactory;
import org.planetlab.node.net.SliverNetwork;
import org.planetlab.node.net.SliverNetworkHandle;
import org.planetlab.node.net.SliverNetworkSpec;
import org.planetlab.node.net.TrafficCounters;

/**
 * The benchmark's sliver network: one bare network namespace per sliver, so the figures measure
 * the sliver runtime, not the shaping and filtering of the real network (measured by its own
 * benchmark). Like the real network it keeps a few namespaces made in advance ({@code
 * <prefix>-spare<n>}), made by the runtime's namespace factory (each inside a user namespace of
 * its own) or with {@code ip netns add}; an attach that finds none makes one in the call.
 */
final class BareNamespaceNetwork implements SliverNetwork {
    private static final HostCommand HOST = HostCommand.onHost();
    private static final int SPARES = 8;
    private final String prefix;
    private final ExecutorService background = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("bench-namespaces").daemon().factory());
    private final Deque<Path> spares = new ArrayDeque<>();
    private final Map<String, Path> attached = new ConcurrentHashMap<>();
    private final AtomicLong serial = new AtomicLong();
    private volatile NamespaceFactory factory;
    /** Time attaches spent making a namespace because none was ready. */
    final AtomicLong attachNanos = new AtomicLong();

    BareNamespaceNetwork(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void start() {}

    @Override
    public void useNamespaceFactory(NamespaceFactory namespaceFactory) {
        this.factory = namespaceFactory;
        synchronized (spares) {
            spares.forEach(this::delete);
            spares.clear();
        }
        refill();
    }

    @Override
    public SliverNetworkHandle attach(SliverNetworkSpec spec) {
        Path path = attached.get(spec.sliverName());
        if (path == null) {
            synchronized (spares) {
                path = spares.pollFirst();
            }
            if (path == null) {
                long started = System.nanoTime();
                path = make();
                attachNanos.addAndGet(System.nanoTime() - started);
            }
            attached.put(spec.sliverName(), path);
            refill();
        }
        return new SliverNetworkHandle(spec.sliverName(), path, InetAddress.getLoopbackAddress(), "lo");
    }

    private void refill() {
        background.execute(() -> {
            while (true) {
                synchronized (spares) {
                    if (spares.size() >= SPARES) {
                        return;
                    }
                }
                Path made = make();
                synchronized (spares) {
                    spares.addLast(made);
                }
            }
        });
    }

    private Path make() {
        Path path = Path.of("/run/netns", prefix + "-spare" + serial.incrementAndGet());
        NamespaceFactory current = factory;
        if (current != null) {
            current.create(List.of(path));
        } else {
            HOST.run(List.of("ip", "netns", "add", path.getFileName().toString()));
        }
        return path;
    }

    private void delete(Path path) {
        NamespaceFactory current = factory;
        if (current != null) {
            current.delete(List.of(path));
        } else if (Files.exists(path)) {
            HOST.runAllowingFailure(List.of("ip", "netns", "del", path.getFileName().toString()), null);
        }
    }

    @Override
    public void update(SliverNetworkSpec spec) {}

    @Override
    public void detach(String sliverName) {
        Path path = attached.remove(sliverName);
        if (path != null) {
            delete(path);
        }
    }

    @Override
    public void reconcile(Collection<SliverNetworkSpec> desired) {
        Set<String> wanted = desired.stream().map(SliverNetworkSpec::sliverName).collect(Collectors.toSet());
        attached.keySet().stream().filter(name -> !wanted.contains(name)).toList().forEach(this::detach);
        Set<String> kept = attached.values().stream().map(path -> path.getFileName().toString()).collect(Collectors.toSet());
        synchronized (spares) {
            spares.forEach(path -> kept.add(path.getFileName().toString()));
        }
        HOST.run(List.of("ip", "netns", "list")).lines().map(line -> line.split(" ")[0])
                .filter(name -> name.startsWith(prefix + "-") && !kept.contains(name))
                .forEach(name -> delete(Path.of("/run/netns", name)));
    }

    @Override
    public Map<String, TrafficCounters> counters() {
        return new HashMap<>();
    }

    @Override
    public void setNodeRate(long kilobitsPerSecond) {}

    @Override
    public void close() {
        background.shutdownNow();
        attached.clear();
        synchronized (spares) {
            spares.clear();
        }
        reconcile(List.of());
    }
}
