package org.planetlab.node.audit.setup;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.planetlab.api.audit.FlowBatch;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.audit.AuditSettings;
import org.planetlab.node.audit.AuditedSliverNetwork;
import org.planetlab.node.audit.FlowCapture;
import org.planetlab.node.audit.FlowStore;
import org.planetlab.node.audit.page.AuditPage;
import org.planetlab.node.audit.page.Complaints;
import org.planetlab.node.audit.page.NodeDescription;
import org.planetlab.node.audit.page.PlcAuditCalls;
import org.planetlab.node.audit.page.SliceContacts;
import org.planetlab.node.audit.upload.FlowUploader;
import org.planetlab.node.boot.BootFiles;
import org.planetlab.node.boot.PlcConnection;
import org.planetlab.node.config.NodeAgentConfig;
import org.planetlab.node.config.ServicesConfig;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.host.LowPriority;
import org.planetlab.node.net.kernel.NetworkCommands;
import org.planetlab.node.net.kernel.NodeSockets;
import org.planetlab.node.net.SliverNetwork;
import org.planetlab.node.net.kernel.NamespaceThread;
import org.planetlab.trust.key.KeyFiles;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.node.PlnodeConfig;
import org.planetlab.trust.node.PlnodeFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flow auditing as the agent runs it, from the {@code audit-*} keys of the agent's config (they
 * sit beside the sliver network's keys): the capture and store around the sliver network, and the
 * public page. {@code audit-dir} switches it on. The node id, slice ids, slice contacts and
 * complaints come from PLC, and records go to it ({@code UploadFlows}, every
 * {@code audit-upload-seconds}), through the node's signed client when the node is PLC-managed
 * ({@code plnode-file}); otherwise {@code audit-node-id} must be given and pages name slices only.
 */
public final class NodeAudit {
    private static final Logger LOG = LoggerFactory.getLogger(NodeAudit.class);
    /** The prefix of the audit's keys in the agent's config. */
    public static final String PREFIX = "audit-";

    private static final List<String> KEYS = List.of("dir", "node-id", "public-address", "device-prefix",
            "retention-days", "budget-megabytes", "active-timeout-seconds", "drop-flush-seconds", "table", "page-port",
            "page-https-port", "page-https-address", "page-address", "page-requests-per-minute", "hostname", "site-name", "tech-contact", "upload-seconds");

    private NodeAudit() {}

    /** The config's keys without the audit's. */
    public static Map<String, String> withoutAuditKeys(Map<String, String> network) {
        Map<String, String> rest = new HashMap<>(network);
        rest.keySet().removeIf(key -> key.startsWith(PREFIX));
        return rest;
    }

    /** {@code network} with auditing around it when {@code audit-dir} is set; {@code network} itself otherwise. */
    public static SliverNetwork around(SliverNetwork network, NodeAgentConfig config, HostCommand nodeCommand) {
        Map<String, String> keys = new HashMap<>();
        config.network().forEach((key, value) -> {
            if (key.startsWith(PREFIX)) {
                keys.put(key.substring(PREFIX.length()), value);
            }
        });
        for (String key : keys.keySet()) {
            if (!KEYS.contains(key)) {
                throw PlanetLabException.invalidArgument("unknown config key " + PREFIX + key + "; the audit's keys are "
                        + String.join(", ", KEYS.stream().map(known -> PREFIX + known).toList()) + " (docs/auditing.md)");
            }
        }
        if (!keys.containsKey("dir")) {
            return network;
        }
        Clock clock = Clock.systemUTC();
        Optional<PlnodeConfig> plnode = config.services().plnodeFile().map(PlnodeFile::read);
        Optional<PlcClient> plc = plnode.flatMap(node -> plcClient(config.services(), node, clock));
        String pagePort = keys.remove("page-port");
        String httpsPort = keys.remove("page-https-port");
        String pageAddress = keys.remove("page-address");
        String httpsAddress = keys.remove("page-https-address");
        String perMinute = keys.remove("page-requests-per-minute");
        String hostname = keys.remove("hostname");
        String siteName = keys.remove("site-name");
        String techContact = keys.remove("tech-contact");
        String uploadSeconds = keys.remove("upload-seconds");
        Map<String, String> settings = new HashMap<>();
        keys.forEach((key, value) -> settings.put(key.equals("dir") ? "audit-dir" : key, value));
        settings.computeIfAbsent("node-id", ignored -> plnode.map(node -> Long.toString(node.nodeId())).orElseThrow(() ->
                PlanetLabException.invalidArgument("audit-node-id is required on a node without plnode-file")));
        settings.putIfAbsent("public-address", config.network().getOrDefault("node-address", ""));
        settings.putIfAbsent("device-prefix", config.network().getOrDefault("device-prefix", "plv"));
        AuditSettings audit = AuditSettings.read(settings);
        FlowStore store = new FlowStore(audit.directory().resolve("flows"), clock, audit.retention(), audit.budgetBytes());
        FlowCapture capture = new FlowCapture(audit, nodeCommand, store, clock);
        capture.useNetlink(new NodeSockets(new NetworkCommands(nodeCommand), config.network().getOrDefault("node-namespace", "")));
        Function<String, OptionalInt> sliceIds = plc.<Function<String, OptionalInt>>map(client -> new PlcSliceIds(client, clock))
                .orElse(ignored -> OptionalInt.empty());
        AuditedSliverNetwork audited = new AuditedSliverNetwork(network, capture, sliceIds, config.services().scsSlice());
        if (!"off".equals(pagePort)) {
            PlcAuditCalls calls = plc.map(client -> new PlcAuditCalls(client, audit.nodeId(), clock, Duration.ofHours(1))).orElse(null);
            InetSocketAddress listen = new InetSocketAddress(pageAddress == null ? audit.publicAddress() : pageAddress,
                    pagePort == null ? 80 : Integer.parseInt(pagePort));
            Supplier<AuditPage> create = () -> {
                AuditPage page = new AuditPage(listen,
                        new NodeDescription(hostname != null ? hostname : plnode.map(PlnodeConfig::hostname).orElse(audit.publicAddress()),
                                siteName == null ? "" : siteName, techContact == null ? "" : techContact),
                        store, audit.retention(), calls == null ? SliceContacts.none() : calls,
                        calls == null ? noPlc() : calls, perMinute == null ? 30 : Integer.parseInt(perMinute), clock);
                // HTTPS with the node's certificate from PLC: only a PLC-managed node has one. It stays on
                // the public address when the plain page moves behind HTTP by name on port 80.
                if (plnode.isPresent() && !"off".equals(httpsPort)) {
                    page.listenTls(new InetSocketAddress(httpsAddress == null ? audit.publicAddress() : httpsAddress,
                            httpsPort == null ? 443 : Integer.parseInt(httpsPort)),
                            new NodeTlsFiles(new BootFiles(config.stateDirectory().resolve("boot"))), new SecureRandom());
                }
                return page;
            };
            // The page listens in the node's namespace (the testbed in a box runs nodes in namespaces of their own).
            String nodeNamespace = config.network().getOrDefault("node-namespace", "");
            AtomicReference<AuditPage> created = new AtomicReference<>();
            if (nodeNamespace.isEmpty()) {
                created.set(create.get());
            } else {
                NamespaceThread.runInEach(List.of(Path.of(nodeNamespace)), "audit-page", ignored -> created.set(create.get()));
            }
            AuditPage page = created.get();
            page.start();
            audited.closeWith(page);
        }
        plc.ifPresent(client -> {
            FlowUploader uploader = new FlowUploader(store, wire -> (Map<?, ?>) client.call("UploadFlows", wire), audit.nodeId(),
                    audit.directory(), FlowBatch.MAX_RECORDS, clock);
            audited.uploadWith(uploader);
            ScheduledExecutorService uploads = Executors.newSingleThreadScheduledExecutor(
                    LowPriority.threads("flow-upload"));
            long every = uploadSeconds == null ? 60 : Long.parseLong(uploadSeconds);
            uploads.scheduleWithFixedDelay(() -> {
                try {
                    uploader.uploadAll();
                } catch (RuntimeException e) {
                    LOG.warn("flow upload failed: {}", e.getMessage());
                }
            }, every, every, TimeUnit.SECONDS);
            audited.closeWith(uploads::shutdownNow);
        });
        audited.closeWith(store);
        return audited;
    }

    private static Complaints noPlc() {
        return (flow, name, email, text) -> {
            throw new PlanetLabException(org.planetlab.api.error.ErrorCode.UNAVAILABLE,
                    "this node is not managed by PLC, so it cannot relay reports");
        };
    }

    private static Optional<PlcClient> plcClient(ServicesConfig services, PlnodeConfig plnode, Clock clock) {
        if (services.plcUrl().isEmpty() || services.plcCaFile().isEmpty()) {
            return Optional.empty();
        }
        Path caFile = services.plcCaFile().get();
        X509Certificate ca = Pem.readCertificates(KeyFiles.read(caFile)).getFirst();
        return Optional.of(PlcConnection.signedByNode(services.plcUrl().get(), ca, plnode, clock, new SecureRandom()));
    }
}
