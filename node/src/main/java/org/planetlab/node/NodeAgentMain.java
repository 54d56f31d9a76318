package org.planetlab.node;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.planetlab.api.error.HostFailures;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.nodemanager.NodeManagerClient;
import org.planetlab.node.conf.ConfFilesSettings;
import org.planetlab.node.config.NodeAgentConfig;
import org.planetlab.node.config.NodeAgentConfigLoader;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.audit.setup.NodeAudit;
import org.planetlab.node.net.SliverNetwork;
import org.planetlab.node.net.http.HttpByNameSettings;
import org.planetlab.node.net.layout.SliverNetworkConfigReader;
import org.planetlab.node.net.ports.InboundPorts;
import org.planetlab.node.net.ports.PortViews;
import org.planetlab.node.net.ports.PortedSliverNetwork;
import org.planetlab.node.net.slots.LinuxSliverNetwork;
import org.planetlab.node.console.ConsoleUploader;
import org.planetlab.node.console.NodeConsole;
import org.planetlab.node.owner.OwnerScript;
import org.planetlab.node.pod.NodePod;
import org.planetlab.node.pod.PodListener;
import org.planetlab.node.pod.PodSettings;
import org.planetlab.node.sliver.image.PackageSources;
import org.planetlab.node.sliver.image.ImageSettings;
import org.planetlab.node.vsys.VsysSettings;
import org.planetlab.node.sliver.SliverLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code node-agent}: runs the node agent, shuts a node down, or applies an owner script. */
@Command(name = "node-agent", mixinStandardHelpOptions = true, description = "PlanetLab node agent: node manager and slivers.")
public final class NodeAgentMain implements java.util.concurrent.Callable<Integer> {
    /** How long a new listener in a sliver waits, at most, before the node forwards its port. */
    private static final java.time.Duration PORT_SCAN_INTERVAL = java.time.Duration.ofSeconds(1);

    @Option(names = "--config", description = "agent config file (dashed keys; see docs/node-agent.md)", defaultValue = "/etc/planetlab/node-agent.properties")
    private Path config;

    @Option(names = "--shutdown-node", description = "remove every kernel object of the node (keeps its table and disks) and exit")
    private boolean shutdownNode;

    @Option(names = "--apply-owner-script", paramLabel = "FILE", description = "apply an owner script through the node manager socket and exit")
    private Path ownerScript;

    @Option(names = "--socket", description = "node manager socket for --apply-owner-script (inside site_admin: ${DEFAULT-VALUE})",
            defaultValue = "/.planetlab/node-manager.sock")
    private Path socket;

    /**
     * Runs node-level tools (tc, nft, tcpdump) in the node's network namespace: through nsenter when
     * the network config names one ({@code node-namespace}), directly when the agent runs in it.
     */
    public static HostCommand nodeCommand(NodeAgentConfig config) {
        String namespace = config.network().getOrDefault("node-namespace", "");
        return namespace.isEmpty() ? HostCommand.onHost()
                : new HostCommand(java.util.List.of("nsenter", "--net=" + namespace), java.time.Duration.ofSeconds(60));
    }

    public static void main(String[] arguments) {
        // Without a logback.xml, logback logs everything at DEBUG; the agent logs at INFO.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.INFO);
        System.exit(new CommandLine(new NodeAgentMain()).execute(arguments));
    }

    @Override
    public Integer call() throws InterruptedException {
        try {
            if (ownerScript != null) {
                try (NodeManagerClient client = NodeManagerClient.connect(socket)) {
                    OwnerScript.read(ownerScript).apply(client);
                }
                return 0;
            }
            NodeAgentConfig agentConfig = NodeAgentConfigLoader.load(config);
            // First the console (kept across reboots, the last run's sent to PLC), then the ping-of-death
            // listener, so that the node can be rebooted remotely whatever the rest of the agent does.
            Optional<ConsoleUploader> upload = shutdownNode ? Optional.empty()
                    : NodeConsole.uploadPrevious(agentConfig, NodeConsole.capture(agentConfig));
            Optional<PodListener> pod = shutdownNode ? Optional.empty() : NodePod.start(agentConfig);
            NodeAgent agent = new NodeAgent(agentConfig, NodeAgentMain::shippedNetwork, nodeCommand(agentConfig));
            agent.start();
            if (shutdownNode) {
                agent.shutDownNode();
                return 0;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("node-agent-shutdown").unstarted(() -> {
                agent.close();
                pod.ifPresent(PodListener::close);
                upload.ifPresent(ConsoleUploader::close);
                stopped.countDown();
            }));
            stopped.await();
            return 0;
        } catch (PlanetLabException e) {
            System.err.println("node-agent: " + e.getMessage());
            return 2;
        } catch (UncheckedIOException e) {
            System.err.println("node-agent: " + HostFailures.describe(e));
            return 1;
        }
    }

    /** The shipped sliver network, with flow auditing when the config sets {@code audit-dir} (docs/auditing.md). */
    public static SliverNetwork shippedNetwork(NodeAgentConfig config) {
        return NodeAudit.around(portedNetwork(config, linuxNetwork(config)), config, nodeCommand(config));
    }

    /**
     * The network with inbound connections: ports of the node's address held by slivers, recorded
     * in the state directory's {@code ports}, each slice's view in its {@code /.planetlab/ports}
     * (docs/node-network.md, "Inbound connections").
     */
    public static PortedSliverNetwork portedNetwork(NodeAgentConfig config, SliverNetwork network) {
        String namespace = config.network().getOrDefault("node-namespace", "");
        SliverLayout layout = new SliverLayout(config);
        InboundPorts ports = new InboundPorts(config.stateDirectory().resolve("ports"), nodeCommand(config),
                config.network().getOrDefault("nft-table", "planetlab"), namespace.isEmpty() ? null : Path.of(namespace),
                new PortViews(layout::planetlab));
        return new PortedSliverNetwork(network, ports, PORT_SCAN_INTERVAL);
    }

    /** The shipped sliver network: namespaces, veths, HTB and nftables (docs/node-network.md). */
    public static LinuxSliverNetwork linuxNetwork(NodeAgentConfig config) {
        Map<String, String> keys = ImageSettings.withoutImageKeys(VsysSettings.withoutVsysKeys(PackageSources.withoutPackageKeys(
                HttpByNameSettings.withoutHttpByNameKeys(ConfFilesSettings.withoutConfFileKeys(PodSettings.withoutPodKeys(
                        NodeAudit.withoutAuditKeys(config.network())))))));
        return new LinuxSliverNetwork(SliverNetworkConfigReader.read(keys), nodeCommand(config),
                Executors.newSingleThreadExecutor(Thread.ofPlatform().name("sliver-network-background").daemon().factory()));
    }
}
