package org.planetlab.node;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.monitor.AgentRelease;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.api.scs.ScsSettings;
import org.planetlab.node.audit.AuditedSliverNetwork;
import org.planetlab.node.audit.RelayedClients;
import org.planetlab.node.boot.BootActions;
import org.planetlab.node.boot.BootFiles;
import org.planetlab.node.boot.BootManager;
import org.planetlab.node.boot.BootState;
import org.planetlab.node.boot.NodeBoot;
import org.planetlab.node.boot.PlcConnection;
import org.planetlab.node.conf.ConfFiles;
import org.planetlab.node.conf.ConfFilesSettings;
import org.planetlab.node.config.NodeAgentConfig;
import org.planetlab.node.config.ServicesConfig;
import org.planetlab.node.host.LowPriority;
import org.planetlab.node.manager.NodeManager;
import org.planetlab.node.manager.NodeSignatures;
import org.planetlab.node.net.ForwardingSliverNetwork;
import org.planetlab.node.net.SliverNetwork;
import org.planetlab.node.net.http.HttpByName;
import org.planetlab.node.net.http.HttpByNameSettings;
import org.planetlab.node.net.http.HttpNames;
import org.planetlab.node.net.http.RelayListener;
import org.planetlab.node.net.http.SliverHttpServers;
import org.planetlab.node.net.kernel.NamespaceThread;
import org.planetlab.node.net.shaping.BandwidthMonitor;
import org.planetlab.node.net.shaping.ShapedTraffic;
import org.planetlab.node.scs.ScsSupervisor;
import org.planetlab.node.sliver.SliverExec;
import org.planetlab.node.ssh.SshGateway;
import org.planetlab.node.state.SliceNames;
import org.planetlab.node.monitor.HeartbeatSender;
import org.planetlab.node.monitor.SliverStateBook;
import org.planetlab.node.monitor.SliverStateReporter;
import org.planetlab.node.monitor.UsageReporter;
import org.planetlab.node.state.VmRecord;
import org.planetlab.trust.key.KeyFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's parts beyond the node manager: the boot manager and what it switches on and off
 * (the slice creation service, slivers' right to run), the SSH gateway, the daily byte budget and
 * PLC's configuration files, and HTTP on port 80 by name when configured.
 * A node without {@code plnode-file} has only the gateway and the budget.
 */
final class NodeServices implements BootActions, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeServices.class);

    private final NodeAgentConfig config;
    private final ServicesConfig services;
    private final Clock clock;
    private final SecureRandom random;
    private final BootFiles bootFiles;
    private final Optional<NodeBoot> boot;
    private final ScheduledExecutorService bootThread = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("boot-manager").daemon().factory());
    private final ScheduledExecutorService budgetThread = Executors.newSingleThreadScheduledExecutor(
            LowPriority.threads("bandwidth-monitor"));
    private final ScheduledExecutorService heartbeatThread = Executors.newSingleThreadScheduledExecutor(
            LowPriority.threads("heartbeat"));
    private final ScheduledExecutorService confFilesThread = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("conf-files").daemon().factory());
    private final ConfFilesSettings confFilesSettings;
    private ConfFiles confFiles;
    private final ScheduledExecutorService usageThread = Executors.newSingleThreadScheduledExecutor(
            LowPriority.threads("usage-reports"));
    private HeartbeatSender heartbeats;
    private UsageReporter usageReports;
    private final ScheduledExecutorService sliverStateThread = Executors.newSingleThreadScheduledExecutor(
            LowPriority.threads("sliver-states"));
    private SliverStateReporter sliverStates;
    private final SliverStateBook sliverStateBook;
    private AutoCloseable sliverStateEvents;
    private NodeManager manager;
    private Runnable ownerScript;
    private ScsSupervisor scs;
    private BootManager bootManager;
    private BandwidthMonitor budget;
    private SshGateway gateway;
    private HttpByName httpByName;

    NodeServices(NodeAgentConfig config, Clock clock, SecureRandom random) {
        this.config = requireNonNull(config, "config is null");
        this.services = config.services();
        this.clock = requireNonNull(clock, "clock is null");
        this.random = requireNonNull(random, "random is null");
        this.bootFiles = new BootFiles(config.stateDirectory().resolve("boot"));
        this.boot = services.managed() ? Optional.of(NodeBoot.read(services, config.serviceAddress().orElse("0.0.0.0"), clock))
                : Optional.empty();
        this.confFilesSettings = ConfFilesSettings.from(config.network());
        this.sliverStateBook = new SliverStateBook(clock, Duration.ofMinutes(5));
    }

    /** What PLC is told of each sliver; the agent adds slivers it could not bring back at its start. */
    SliverStateBook sliverStates() {
        return sliverStateBook;
    }

    /** What the node manager signs with: the node key once the boot manager has it certified. */
    NodeSignatures signatures() {
        return boot.map(node -> new NodeSignatures(() -> node.identity().credential(), () -> node.identity().address(), clock, random))
                .orElseGet(NodeSignatures::none);
    }

    /**
     * Before the agent brings slivers back: obeys the last boot state PLC gave (so a node in
     * safeboot does not start its slivers before PLC answers) and records the slice creation
     * service's VM, which the agent then starts with the others.
     */
    void beforeReconcile(NodeManager nodeManager) {
        this.manager = requireNonNull(nodeManager, "nodeManager is null");
        if (boot.isEmpty()) {
            return;
        }
        bootFiles.prepare();
        bootFiles.lastBootState().filter(state -> !state.runsSlivers()).ifPresent(this::holdOnly);
        manager.ensureServiceVm(services.scsSlice());
    }

    /** Starts the boot manager, the budget and the gateway once the node manager serves. */
    void start(SliverNetwork network, SliverExec exec, Runnable applyOwnerScript) {
        this.ownerScript = requireNonNull(applyOwnerScript, "applyOwnerScript is null");
        if (network instanceof ShapedTraffic shaped) {
            budget = new BandwidthMonitor(shaped, clock, services.bandwidthDay(), config.stateDirectory().resolve("bandwidth-usage"));
            budget.start(budgetThread, services.bandwidthInterval());
        }
        if (services.sshPort() > 0) {
            Optional<String> address = config.serviceAddress().or(() -> boot.map(node -> node.identity().address()));
            if (address.isEmpty()) {
                LOG.warn("no SSH gateway: set node-address or service-address");
            } else {
                SshGateway candidate = new SshGateway(address.get(), services.sshPort(), config.stateDirectory().resolve("ssh"), manager,
                        exec, random);
                try {
                    candidate.start();
                    gateway = candidate;
                } catch (java.io.UncheckedIOException e) {
                    // The agent may run outside the node's network namespace (node-namespace), where the address is not.
                    LOG.warn("no SSH gateway: {}: {}", e.getMessage(), e.getCause().getMessage());
                }
            }
        }
        HttpByNameSettings.from(config.network()).ifPresent(settings -> startHttpByName(settings, network));
        boot.ifPresent(node -> {
            VmRecord scsVm = manager.ensureServiceVm(services.scsSlice());
            scs = new ScsSupervisor(config.stateDirectory().resolve("scs"), config.runDirectory().resolve("scs-classpath"),
                    config.stateDirectory().resolve("scs.log"), namespacePrefix(), config.uidBaseOf(scsVm.index()));
            bootManager = node.manager(services, bootFiles, this, bootThread, clock, random);
            if (bootFiles.lastBootState().filter(BootState::runsSlivers).isPresent() && node.identity().credential().isPresent()) {
                // Certified in boot at the last run: the service starts at once, PLC reachable or not.
                boot();
            }
            bootManager.start();
            heartbeats = new HeartbeatSender(PlcConnection.signedByNode(services.plcUrl().orElseThrow(), node.plcCa(),
                    node.plnode(), clock, random), this::agentState, config.stateDirectory(), clock, agentVersion());
            confFiles = new ConfFiles(PlcConnection.signedByNode(services.plcUrl().orElseThrow(), node.plcCa(), node.plnode(),
                    clock, random), confFilesSettings);
            heartbeats.reportAlso(confFiles::problems);
            confFiles.start(confFilesThread, confFilesSettings.interval());
            heartbeats.start(heartbeatThread);
            usageReports = new UsageReporter(PlcConnection.signedByNode(services.plcUrl().orElseThrow(), node.plcCa(),
                    node.plnode(), clock, random), this::plcSliverUsage, clock);
            usageReports.start(usageThread);
            startSliverStates(node);
        });
    }

    /**
     * Port 80 shared by name (docs/node-network.md): listens in the node's namespace, where its relay
     * loop's thread is then made, so its connections to slivers leave from there.
     */
    private void startHttpByName(HttpByNameSettings settings, SliverNetwork network) {
        String hostname = settings.hostname().or(() -> boot.map(node -> node.plnode().hostname())).orElseThrow(() ->
                PlanetLabException.invalidArgument("node agent config http-by-name-hostname: required without plnode-file"));
        HttpNames names = new HttpNames(hostname, List.of(settings.listen().getHostString()), new SliverHttpServers(
                this::codemuxBySliver, network::handle, SliverHttpServers.portTable(config.stateDirectory().resolve("ports"))));
        RelayListener relays = ForwardingSliverNetwork.find(network, AuditedSliverNetwork.class)
                .map(audited -> relaysIn(audited.capture().relayedClients())).orElse(RelayListener.NONE);
        HttpByName candidate = new HttpByName(settings.listen(), names, settings.nodePage(), HttpByName.Limits.DEFAULT, relays);
        String namespace = config.network().getOrDefault("node-namespace", "");
        try {
            if (namespace.isEmpty()) {
                candidate.start();
            } else {
                NamespaceThread.runInEach(List.of(Path.of(namespace)), "http-by-name", ignored -> candidate.start());
            }
            httpByName = candidate;
        } catch (java.io.UncheckedIOException e) {
            candidate.close();
            LOG.warn("no HTTP by name: {}: {}", e.getMessage(), e.getCause().getMessage());
        }
    }

    /** HTTP by name's connections to slivers, registered with flow auditing so their records name the client. */
    private static RelayListener relaysIn(RelayedClients registry) {
        return (client, reached, from, server) -> registry.opened(
                new RelayedClients.Connection(from.getAddress().getHostAddress(), from.getPort(),
                        server.getAddress().getHostAddress(), server.getPort()),
                new RelayedClients.Client(client.getAddress().getHostAddress(), client.getPort(),
                        reached.getAddress().getHostAddress(), reached.getPort()));
    }

    private Map<String, String> codemuxBySliver() {
        Map<String, String> values = new LinkedHashMap<>();
        for (VmRecord vm : manager.recordedVms()) {
            String value = vm.rspec().valueOrDefault(RspecAttribute.CODEMUX);
            if (!value.isEmpty()) {
                values.put(vm.name(), value);
            }
        }
        return values;
    }

    /**
     * Sliver states reach PLC (docs/node-agent.md): the book follows the node manager's refusals, the
     * reporter looks every second and sends what changed.
     */
    private void startSliverStates(NodeBoot node) {
        SliverStateBook book = sliverStateBook;
        sliverStateEvents = manager.subscribe(book::accept);
        sliverStates = new SliverStateReporter(PlcConnection.signedByNode(services.plcUrl().orElseThrow(), node.plcCa(),
                node.plnode(), clock, random), () -> book.states(plcVms(), manager.beingCreated(), holdReason()), clock);
        sliverStates.start(sliverStateThread, Duration.ofSeconds(1));
    }

    private Optional<String> holdReason() {
        return manager.held() ? Optional.of(bootFiles.lastBootState().map(BootState::wireName).orElse("a hold"))
                : Optional.empty();
    }

    /** The slivers PLC's slice creation service made: neither the owner VM nor the service's own. */
    private List<VmRecord> plcVms() {
        return manager.recordedVms().stream().filter(this::plcVm).toList();
    }

    private boolean plcVm(VmRecord vm) {
        return vm.sliceId() != 0 && !vm.ownerVm() && !vm.name().equals(services.scsSlice());
    }

    /** What the heartbeat reports of the agent: the last boot state PLC gave, and whether slivers may run. */
    private HeartbeatSender.AgentState agentState() {
        String bootState = bootFiles.lastBootState().map(BootState::wireName).orElse(BootState.REINSTALL.wireName());
        return new HeartbeatSender.AgentState(bootState, manager.held() ? "held" : "running",
                manager.recordedVms().size());
    }

    /**
     * The usage of each sliver PLC's slice creation service made, from PLC's view of the node or
     * from a ticket (which carries no slice id); a sliver that goes away while it is read is left out.
     */
    private List<UsageReporter.Measured> plcSliverUsage() {
        List<UsageReporter.Measured> measured = new java.util.ArrayList<>();
        for (VmRecord vm : manager.recordedVms()) {
            boolean fromTicket = vm.sliceId() == 0 && vm.boundBy().equals(services.scsSlice()) && !vm.ownerVm()
                    && !vm.name().equals(services.scsSlice());
            if (!fromTicket && !plcVm(vm)) {
                continue;
            }
            try {
                measured.add(new UsageReporter.Measured(vm.name(),
                        manager.usage(org.planetlab.node.manager.Caller.HOST_ROOT, vm.name()), fromTicket));
            } catch (PlanetLabException e) {
                LOG.debug("no usage of {}: {}", vm.name(), e.getMessage());
            }
        }
        return measured;
    }

    /** The agent's version, with the release the boot manager started it from: what PLC's rollout gates look for. */
    private static String agentVersion() {
        String version = NodeServices.class.getPackage().getImplementationVersion();
        return AgentRelease.agentVersion(version == null ? "development" : version,
                Optional.ofNullable(System.getenv(AgentRelease.VARIABLE)));
    }

    Optional<SshGateway> gateway() {
        return Optional.ofNullable(gateway);
    }

    Optional<BootManager> bootManager() {
        return Optional.ofNullable(bootManager);
    }

    @Override
    public synchronized void boot() {
        if (scs == null) {
            return;
        }
        manager.releaseSlivers();
        NodeBoot node = boot.orElseThrow();
        manager.ensureServiceVm(services.scsSlice());
        startServiceVm();
        ScsSettings settings = new ScsSettings(config.runDirectory().resolve("node-manager.sock"), services.plcUrl().orElseThrow(),
                Path.of("plc-ca.pem"), Path.of("roots"), Path.of("tls/key.pem"), Path.of("tls/chain.pem"), node.identity().address(),
                services.scsPort(), services.scsPollWait(), services.scsFullPollInterval());
        scs.ensureRunning(settings, KeyFiles.read(services.plcCaFile().orElseThrow()), services.trustRootsDirectory().orElseThrow(),
                node.identity().tls());
    }

    private void startServiceVm() {
        VmRecord vm = manager.recordedVms().stream().filter(record -> record.name().equals(services.scsSlice())).findFirst().orElseThrow();
        try {
            manager.startVm(org.planetlab.node.manager.Caller.HOST_ROOT, vm.name());
        } catch (PlanetLabException e) {
            LOG.warn("the slice creation service's VM did not start: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void hold(BootState state) {
        if (scs != null) {
            scs.stop();
        }
        holdOnly(state);
    }

    private void holdOnly(BootState state) {
        manager.holdSlivers(state.wireName(), state == BootState.SAFEBOOT);
    }

    @Override
    public synchronized void reinstall() {
        scs.wipe();
        manager.reset(java.util.Set.of(SliceNames.OWNER_VM, services.scsSlice()));
        ownerScript.run();
        LOG.info("reinstalled: only the owner VM, the service VM {} and the owner script's pools are left; there are no packages"
                + " to install", services.scsSlice());
    }

    @Override
    public synchronized void tlsRenewed() {
        if (scs != null) {
            scs.stop();
        }
    }

    /** Words that put a process into the node's network namespace, when the agent runs elsewhere. */
    private List<String> namespacePrefix() {
        String namespace = config.network().getOrDefault("node-namespace", "");
        return namespace.isEmpty() ? List.of() : List.of("nsenter", "--net=" + namespace);
    }

    @Override
    public void close() {
        if (heartbeats != null) {
            heartbeats.close();
        }
        heartbeatThread.shutdownNow();
        if (confFiles != null) {
            confFiles.close();
        }
        confFilesThread.shutdownNow();
        if (usageReports != null) {
            usageReports.close();
        }
        usageThread.shutdownNow();
        if (sliverStates != null) {
            sliverStates.close();
        }
        sliverStateThread.shutdownNow();
        if (sliverStateEvents != null) {
            try {
                sliverStateEvents.close();
            } catch (Exception e) {
                LOG.debug("sliver state subscription not closed: {}", e.getMessage());
            }
        }
        if (bootManager != null) {
            bootManager.close();
        }
        bootThread.shutdownNow();
        if (scs != null) {
            scs.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (httpByName != null) {
            httpByName.close();
        }
        if (budget != null) {
            budget.close();
        }
        budgetThread.shutdownNow();
    }
}
