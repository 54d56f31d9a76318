package org.planetlab.node.boot;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import org.planetlab.api.client.PlcClient;
import org.planetlab.node.config.ServicesConfig;
import org.planetlab.trust.cert.ChainVerifier;
import org.planetlab.trust.cert.NodeSubject;
import org.planetlab.trust.key.KeyFiles;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.key.TrustRoots;
import org.planetlab.trust.node.PlnodeConfig;
import org.planetlab.trust.node.PlnodeFile;

/**
 * What a node boots with (Architecture §4.1, §5.2): its {@code plnode.txt}, PLC's CA certificate
 * and the well-known root keys, read once at start; and the boot manager built from them.
 *
 * @param plnode the node's id, name, address and node key
 * @param plcCa the only CA trusted for PLC's (and nodes') TLS endpoints
 * @param chains verifies certificates, tickets and leases against the root keys
 * @param identity who the node is, filled in by the boot manager
 */
public record NodeBoot(PlnodeConfig plnode, X509Certificate plcCa, ChainVerifier chains, NodeIdentity identity) {
    public NodeBoot {
        requireNonNull(plnode, "plnode is null");
        requireNonNull(plcCa, "plcCa is null");
        requireNonNull(chains, "chains is null");
        requireNonNull(identity, "identity is null");
    }

    /**
     * Reads the node's boot files. The node's address is the configured one when plnode.txt has
     * none (DHCP).
     */
    public static NodeBoot read(ServicesConfig config, String configuredAddress, Clock clock) {
        PlnodeConfig plnode = PlnodeFile.read(config.plnodeFile().orElseThrow());
        X509Certificate ca = Pem.readCertificates(KeyFiles.read(config.plcCaFile().orElseThrow())).getFirst();
        ChainVerifier chains = new ChainVerifier(TrustRoots.load(config.trustRootsDirectory().orElseThrow()), clock);
        String address = plnode.ipAddress().orElse(configuredAddress);
        return new NodeBoot(plnode, ca, chains, new NodeIdentity(new NodeSubject(plnode.nodeId(), plnode.hostname()), address));
    }

    /** The boot manager of this node; credentials kept by an earlier run are loaded at once. */
    public BootManager manager(ServicesConfig config, BootFiles files, BootActions actions, ScheduledExecutorService scheduler,
            Clock clock, SecureRandom random) {
        files.prepare();
        NodeCredentials credentials = new NodeCredentials(files, identity, chains, plcCa, clock, random);
        credentials.load();
        PlcClient plc = PlcConnection.signedByNode(config.plcUrl().orElseThrow(), plcCa, plnode, clock, random);
        return new BootManager(plc, files, credentials, actions, scheduler, config.bootCheckInterval());
    }
}
