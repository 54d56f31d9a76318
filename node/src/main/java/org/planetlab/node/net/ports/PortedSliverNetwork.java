package org.planetlab.node.net.ports;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.planetlab.node.host.LowPriority;
import org.planetlab.node.net.ForwardingSliverNetwork;
import org.planetlab.node.net.SliverNetwork;
import org.planetlab.node.net.SliverNetworkHandle;
import org.planetlab.node.net.SliverNetworkSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sliver network whose slivers can be reached at the node's address: each sliver's reserved
 * ports are taken when it is attached or its reservation changes, its ports are freed before it
 * is detached, and what slivers listen on is looked at every {@code scanInterval} (see
 * {@link InboundPorts}). Everything else is the wrapped network's.
 */
public final class PortedSliverNetwork extends ForwardingSliverNetwork {
    private static final Logger LOG = LoggerFactory.getLogger(PortedSliverNetwork.class);

    private final InboundPorts ports;
    private final Duration scanInterval;
    private ScheduledExecutorService scanner;

    /** @param scanInterval how often listeners are looked for; zero: only when {@link #scanPorts} is called */
    public PortedSliverNetwork(SliverNetwork network, InboundPorts ports, Duration scanInterval) {
        super(network);
        this.ports = requireNonNull(ports, "ports is null");
        this.scanInterval = requireNonNull(scanInterval, "scanInterval is null");
    }

    public InboundPorts ports() {
        return ports;
    }

    /** Looks at what slivers listen on now (also done every scan interval). */
    public void scanPorts() {
        ports.scan();
    }

    @Override
    public synchronized void start() {
        network.start();
        ports.restore(attachedHandles());
        if (!scanInterval.isZero() && scanner == null) {
            scanner = Executors.newSingleThreadScheduledExecutor(LowPriority.threads("port-scan"));
            scanner.scheduleWithFixedDelay(this::scanQuietly, scanInterval.toMillis(), scanInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public SliverNetworkHandle attach(SliverNetworkSpec spec) {
        SliverNetworkHandle handle = network.attach(spec);
        ports.attached(handle, spec.ports(), spec.ownerVm());
        return handle;
    }

    @Override
    public void update(SliverNetworkSpec spec) {
        network.update(spec);
        ports.reservationChanged(spec.sliverName(), spec.ports());
    }

    @Override
    public void detach(String sliverName) {
        ports.detaching(sliverName);
        network.detach(sliverName);
    }

    @Override
    public void reconcile(Collection<SliverNetworkSpec> desired) {
        Set<String> wanted = desired.stream().map(SliverNetworkSpec::sliverName).collect(Collectors.toSet());
        network.counters().keySet().stream().filter(sliver -> !wanted.contains(sliver)).forEach(ports::detaching);
        try {
            network.reconcile(desired);
        } finally {
            for (SliverNetworkSpec spec : desired) {
                network.handle(spec.sliverName()).ifPresent(handle -> ports.attached(handle, spec.ports(), spec.ownerVm()));
            }
        }
    }

    @Override
    public synchronized void close() {
        if (scanner != null) {
            scanner.shutdownNow();
            try {
                scanner.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scanner = null;
        }
        try {
            ports.close();
        } finally {
            network.close();
        }
    }

    private List<SliverNetworkHandle> attachedHandles() {
        List<SliverNetworkHandle> handles = new ArrayList<>();
        network.counters().keySet().forEach(sliver -> network.handle(sliver).ifPresent(handles::add));
        return handles;
    }

    private void scanQuietly() {
        try {
            ports.scan();
        } catch (RuntimeException e) {
            LOG.warn("looking at the slivers' listening ports failed: {}", e.getMessage());
        }
    }
}
