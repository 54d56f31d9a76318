package org.planetlab.node;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.config.NodeAgentConfig;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.release.AgentReadiness;
import org.planetlab.node.manager.Caller;
import org.planetlab.node.manager.NodeManager;
import org.planetlab.node.metrics.NodeMetrics;
import org.planetlab.node.audit.AuditedSliverNetwork;
import org.planetlab.api.nodemanager.NodeManagerClient;
import org.planetlab.node.manager.NodeManagerProtocol;
import org.planetlab.node.manager.NodeManagerServer;
import org.planetlab.node.manager.PeerIdentity;
import org.planetlab.node.manager.Rcaps;
import org.planetlab.node.net.SliverNetwork;
import org.planetlab.node.net.ForwardingSliverNetwork;
import org.planetlab.node.net.SliverNetworkHandle;
import org.planetlab.node.net.ports.PortedSliverNetwork;
import org.planetlab.node.owner.LinuxOwnerControls;
import org.planetlab.node.owner.OwnerScript;
import org.planetlab.node.sliver.Cgroups;
import org.planetlab.node.sliver.LinuxSliverRuntime;
import org.planetlab.node.sliver.SliverDisk;
import org.planetlab.node.sliver.SliverExec;
import org.planetlab.node.sliver.SliverLayout;
import org.planetlab.node.sliver.SliverRunner;
import org.planetlab.node.state.NodeStateStore;
import org.planetlab.node.state.StateLock;
import org.planetlab.node.state.VmPhase;
import org.planetlab.node.state.VmRecord;
import org.planetlab.node.vsys.NodeVsys;
import org.planetlab.node.vsys.VsysSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node agent: the node manager, its socket and the slivers of one node. Crash-only: {@link
 * #start} makes the machine match the durable table whatever state a crash left it in;
 * {@link #close} only stops serving (slivers keep running); {@link #shutDownNode} also removes
 * every kernel object while keeping the table and the slivers' disks.
 */
public final class NodeAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);
    /** How often the vsys scripts and ACL files are read again for changes the operator made. */
    private static final Duration VSYS_RESCAN = Duration.ofSeconds(30);
    private static final Duration TEARDOWN_LIMIT = Duration.ofSeconds(60);

    private final NodeAgentConfig config;
    private final SliverLayout layout;
    private final Function<NodeAgentConfig, SliverNetwork> networkFactory;
    private final HostCommand nodeCommand;
    private final ExecutorService teardown = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("sliver-teardown").daemon().factory());
    private SliverNetwork network;
    private boolean networkClosed;
    private Cgroups cgroups;
    private SliverDisk disk;
    private SliverRunner runner;
    private LinuxSliverRuntime runtime;
    private NodeManager manager;
    /** The VMs as recorded when the node manager was closed; null while it runs. */
    private List<VmRecord> recordedAtClose;
    private NodeManagerServer server;
    private NodeServices services;
    private NodeMetrics metrics;
    private NodeVsys vsys;
    private AutoCloseable vsysFollower;
    private final ScheduledExecutorService vsysRescans = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("vsys-rescan").daemon().factory());
    private StateLock stateLock;
    private final ScheduledExecutorService layerSweeps = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("layer-sweeps").daemon().factory());

    public NodeAgent(NodeAgentConfig config, Function<NodeAgentConfig, SliverNetwork> networkFactory, HostCommand nodeCommand) {
        this.config = requireNonNull(config, "config is null");
        this.layout = new SliverLayout(config);
        this.networkFactory = requireNonNull(networkFactory, "networkFactory is null");
        this.nodeCommand = requireNonNull(nodeCommand, "nodeCommand is null");
    }

    /** Slivers the last reconcile could not bring to their recorded phase. */
    private int unreconciled;

    public synchronized void start() {
        if (!Files.isDirectory(config.imageDirectory().resolve("bin"))) {
            throw PlanetLabException.invalidArgument("image-dir " + config.imageDirectory()
                    + " holds no reference image; build one with bin/build-sliver-image (docs/image.md)");
        }
        VsysSettings vsysSettings = VsysSettings.from(config.network());
        createDirectories(config.stateDirectory(), config.runDirectory());
        stateLock = StateLock.acquire(config.stateDirectory());
        runner = SliverRunner.install(layout.runner());
        disk = new SliverDisk(layout, config.diskImageGigabytes() * 1024L * 1024 * 1024, HostCommand.onHost());
        disk.prepare();
        cgroups = Cgroups.detect(config.cgroupRoot(), config.prefix());
        cgroups.prepare();
        network = networkFactory.apply(config);
        networkClosed = false;
        network.start();
        long cpuCapacity = Runtime.getRuntime().availableProcessors() * 90L;
        runtime = new LinuxSliverRuntime(config, network, cgroups, runner, disk, cpuCapacity);
        metrics = new NodeMetrics();
        manager = new NodeManager(new NodeStateStore(config.stateDirectory().resolve("table")), metrics.metered(runtime),
                new Rcaps(new SecureRandom()), Clock.systemUTC(), teardown, config.maxSlivers(), cpuCapacity);
        services = new NodeServices(config, Clock.systemUTC(), new SecureRandom());
        PeerIdentity identity = new PeerIdentity(config.uidBase(), index -> manager.vmByIndex(index).map(VmRecord::name));
        server = new NodeManagerServer(layout.socket(), identity,
                new NodeManagerProtocol(manager, new LinuxOwnerControls(network, runtime, nodeCommand), services.signatures()));
        server.start();
        services.beforeReconcile(manager);
        reconcile();
        applyOwnerScript();
        services.start(network, exec(), this::applyOwnerScript);
        metrics.watch(manager::recordedVms);
        if (network instanceof AuditedSliverNetwork audited) {
            metrics.watch(audited.capture());
            audited.uploader().ifPresent(metrics::watch);
        }
        metrics.start(config.services().metricsListen());
        startVsys(vsysSettings);
        layerSweeps.scheduleWithFixedDelay(this::sweepLayers, 60, 60, TimeUnit.SECONDS);
        new AgentReadiness(manager.recordedVms().size(), unreconciled == 0).write(config.stateDirectory());
        LOG.info("node agent {} started with {} VMs", config.prefix(), manager.recordedVms().size());
    }

    /** The privileged helper scripts (docs/vsys.md): endpoints in every granted sliver. */
    private void startVsys(VsysSettings settings) {
        vsys = new NodeVsys(settings, name -> layout.planetlab(name).resolve("vsys"),
                NodeVsys.builtIns(name -> manager.usage(Caller.HOST_ROOT, name),
                        name -> runtime.networkHandle(name).map(SliverNetworkHandle::hostDevice), nodeCommand,
                        () -> ForwardingSliverNetwork.find(network, PortedSliverNetwork.class).map(PortedSliverNetwork::ports)));
        vsysFollower = vsys.follow(manager, vsysRescans, VSYS_RESCAN);
    }

    /** Removes package layers no sliver used for package-layer-keep-seconds (docs/image.md). */
    private void sweepLayers() {
        try {
            runtime.images().removeUnusedLayers(manager.recordedVms());
        } catch (RuntimeException e) {
            LOG.warn("unused package layers not removed: {}", e.getMessage());
        }
    }

    /** Makes the machine match the durable table. */
    private void reconcile() {
        unreconciled = 0;
        manager.completeInterrupted();
        manager.ensureOwnerVm(ownerKeys());
        List<VmRecord> recorded = manager.recordedVms();
        List<VmRecord> desired = recorded.stream().filter(vm -> vm.phase() != VmPhase.DESTROYING).toList();
        runtime.removeOrphans(desired);
        for (VmRecord vm : recorded) {
            try {
                switch (vm.phase()) {
                    case DESTROYING -> manager.finishDestroy(vm);
                    case STOPPED -> runtime.stop(vm);
                    case CREATING, RUNNING -> {
                        if (manager.mayRun(vm)) {
                            runtime.start(vm);
                            manager.markRunning(vm);
                        } else {
                            runtime.stop(vm);
                        }
                    }
                }
            } catch (RuntimeException e) {
                unreconciled++;
                services.sliverStates().notStarted(vm.name(), String.valueOf(e.getMessage()));
                LOG.warn("VM {} could not be brought to {}: {}", vm.name(), vm.phase(), e.getMessage());
            }
        }
        long rate = manager.policy().nodeRateKbps();
        if (rate > 0) {
            network.setNodeRate(rate);
        }
    }

    private List<String> ownerKeys() {
        Path keys = config.ownerKeys();
        if (!Files.isRegularFile(keys)) {
            return List.of();
        }
        try {
            return Files.readAllLines(keys, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read owner keys " + keys, e);
        }
    }

    private void applyOwnerScript() {
        if (Files.isRegularFile(config.ownerScript())) {
            try (NodeManagerClient client = NodeManagerClient.connect(layout.socket())) {
                OwnerScript.read(config.ownerScript()).apply(client);
            } catch (PlanetLabException e) {
                LOG.warn("owner script {} not applied: {}", config.ownerScript(), e.getMessage());
            }
        }
    }

    public NodeManager manager() {
        return manager;
    }

    /** Where the agent serves /metrics, if it does. */
    public java.util.Optional<java.net.InetSocketAddress> metricsAddress() {
        return metrics == null ? java.util.Optional.empty() : metrics.address();
    }

    public LinuxSliverRuntime runtime() {
        return runtime;
    }

    public SliverExec exec() {
        return new SliverExec(runner, runtime);
    }

    public Path socket() {
        return layout.socket();
    }

    /** The port of the SSH gateway, if it runs. */
    public java.util.Optional<Integer> sshPort() {
        return services == null ? java.util.Optional.empty() : services.gateway().map(org.planetlab.node.ssh.SshGateway::port);
    }

    /** Stops serving; slivers keep running and the next start adopts them. */
    @Override
    public synchronized void close() {
        stopServing();
        closeNetwork();
        releaseState();
    }

    /**
     * Stops the network's background work (the port scan, flow capture, spare slots), once: left
     * running, an agent closed in a process that starts another would still write the kernel
     * state the new one took over. Attached slivers' objects stay for the next start.
     */
    private void closeNetwork() {
        if (network != null && !networkClosed) {
            networkClosed = true;
            network.close();
        }
    }

    /**
     * Stops the services, the socket and the node manager, in that order, so that no request
     * reaches a closed node manager and no kernel work of the node manager outlives the runner.
     * The VMs recorded at that moment are kept for {@link #shutDownNode}.
     */
    private void stopServing() {
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
        if (vsys != null) {
            try {
                vsysFollower.close();
            } catch (Exception e) {
                LOG.warn("vsys: {}", e.getMessage());
            }
            vsys.close();
            vsys = null;
        }
        vsysRescans.shutdownNow();
        layerSweeps.shutdownNow();
        if (services != null) {
            services.close();
            services = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
        if (manager != null && recordedAtClose == null) {
            recordedAtClose = manager.recordedVms();
            manager.close();
        }
        finishTeardowns();
        if (runtime != null) {
            runtime.closeImages();
        }
        if (runner != null) {
            runner.close();
        }
    }

    /**
     * Lets the teardown that runs finish before anything else touches the slivers' objects: a
     * shutdown's removal of orphans would otherwise race it for the same disk and directories.
     * Teardowns not begun find the node manager closed and are finished by the next start.
     */
    private void finishTeardowns() {
        teardown.shutdown();
        try {
            if (!teardown.awaitTermination(TEARDOWN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("a sliver teardown still runs after {}; the next start finishes it", TEARDOWN_LIMIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Removes every kernel object of this node (processes, cgroups, networks, the disk mount)
     * while keeping the durable table and the slivers' disks, so the next start brings the same
     * slivers back, as after a reboot.
     */
    public synchronized void shutDownNode() {
        stopServing();
        if (manager == null) {
            releaseState();
            return;
        }
        List<VmRecord> recorded = recordedAtClose;
        runtime.removeOrphans(recorded.stream().filter(vm -> vm.phase() != VmPhase.DESTROYING).toList());
        for (VmRecord vm : recorded) {
            runtime.stop(vm);
            cgroups.remove(vm.name());
            network.detach(vm.name());
        }
        closeNetwork();
        cgroups.removePrefix();
        // The runner servers hold a copy of the disk mount in their own mount namespace.
        runner.close();
        disk.unmount();
        releaseState();
        LOG.info("node {} shut down as by {}", config.prefix(), Caller.HOST_ROOT);
    }

    /** Lets another agent take the state directory. */
    private void releaseState() {
        if (stateLock != null) {
            stateLock.close();
            stateLock = null;
        }
    }

    private static void createDirectories(Path... directories) {
        for (Path directory : directories) {
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + directory, e);
            }
        }
    }
}
