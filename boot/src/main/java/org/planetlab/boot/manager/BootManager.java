package org.planetlab.boot.manager;

import static java.util.Objects.requireNonNull;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.boot.debug.DebugSshService;
import org.planetlab.boot.medium.BootMedium;
import org.planetlab.node.boot.BootFiles;
import org.planetlab.node.boot.BootState;
import org.planetlab.node.boot.NodeCredentials;
import org.planetlab.node.boot.NodeIdentity;
import org.planetlab.node.release.PlcReleaseSource;
import org.planetlab.node.release.ReleaseStaging;
import org.planetlab.node.release.ReleaseUpdater;
import org.planetlab.trust.cert.ChainVerifier;
import org.planetlab.trust.cert.NodeSubject;
import org.planetlab.trust.key.TrustRoots;
import org.planetlab.trust.node.PlnodeConfig;
import org.planetlab.trust.node.PlnodeFile;
import org.planetlab.trust.release.ReleaseVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The boot manager (Architecture §4.8.2, §5.2): started from the boot medium with the node's
 * {@code plnode.txt}, before any node software is on the machine. It asks the boot server
 * (TLS pinned to the medium's CA, requests signed with the node key) what the node must do, does
 * it, and reports each run level it reaches (ReportRunlevel):
 * <ul>
 * <li>{@code boot}: stage the current release (verified against the medium's root keys), install
 *     it, write the agent's configuration, have the node's keys certified, start the agent;</li>
 * <li>{@code safeboot}: start only the debug SSH service for the keys PLC names;</li>
 * <li>{@code reinstall}: wipe the node's software and sliver state, install again, tell PLC the
 *     install is done (BootUpdateNode, which moves the node to boot) and boot;</li>
 * <li>{@code disabled}: nothing, and say so.</li>
 * </ul>
 * A boot or reinstall that fails is reported as {@code failboot} with the reason, and PLC mails
 * the site's techs (BootNotifyOwners), as it does when a reinstall finished.
 */
public final class BootManager {
    private static final Logger LOG = LoggerFactory.getLogger(BootManager.class);
    /** Reported with BootUpdateNode at the end of a reinstall. */
    public static final String VERSION = "planetlab-boot-manager/" + version();

    private final BootMedium medium;
    private final Path plnodeFile;
    private final PlnodeConfig plnode;
    private final NodeDisk disk;
    private final BootServer server;
    private final int debugSshPort;
    private final AgentStarter agents;
    private final Clock clock;
    private final SecureRandom random;

    /**
     * @param localAddress the address to send from, when not the system's choice
     * @param debugSshPort the debug SSH service's port in safeboot (22 on a node)
     */
    public BootManager(BootMedium medium, Path plnodeFile, NodeDisk disk, Optional<InetAddress> localAddress, int debugSshPort,
            AgentStarter agents, Clock clock, SecureRandom random) {
        this.medium = requireNonNull(medium, "medium is null");
        this.plnodeFile = requireNonNull(plnodeFile, "plnodeFile is null");
        this.plnode = PlnodeFile.read(plnodeFile);
        this.disk = requireNonNull(disk, "disk is null");
        this.debugSshPort = debugSshPort;
        this.agents = requireNonNull(agents, "agents is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.random = requireNonNull(random, "random is null");
        this.server = new BootServer(medium, plnode, localAddress, clock, random);
    }

    /**
     * One boot: asks PLC and does what the node's boot state says.
     *
     * @throws PlanetLabException when PLC cannot be trusted or refuses the node, or when a boot or
     *     reinstall failed (reported to PLC as failboot when PLC can still be reached)
     */
    public BootOutcome boot() {
        BootServer.NodeDetails details = server.details();
        LOG.info("boot server {}: node {} ({}) is in {}", medium.bootServer(), details.nodeId(), details.hostname(),
                details.bootState().wireName());
        return switch (details.bootState()) {
            case DISABLED -> disabled();
            case SAFEBOOT -> safeboot(details);
            case REINSTALL -> guarded(this::reinstall);
            case BOOT -> guarded(this::bootNode);
        };
    }

    private BootOutcome disabled() {
        String summary = "node disabled at PLC: the boot manager does nothing (an operator or the site's tech sets"
                + " another boot state to use the node)";
        server.reportRunlevel("disabled", summary);
        LOG.info(summary);
        return new BootOutcome("disabled", summary, Optional.empty(), Optional.empty());
    }

    private BootOutcome safeboot(BootServer.NodeDetails details) {
        String address = plnode.ipAddress().orElse("0.0.0.0");
        DebugSshService ssh = new DebugSshService(address, debugSshPort, details.debugSshKeys(), disk.debugHostKey());
        ssh.start();
        String summary = "safeboot: debug SSH as %s on %s:%d for %d keys of the site's techs and PIs and the operators;"
                .formatted(DebugSshService.USER, address, ssh.port(), ssh.keyCount()) + " no node agent, no slivers";
        try {
            server.reportRunlevel("safeboot", summary);
        } catch (RuntimeException e) {
            ssh.close();
            throw e;
        }
        LOG.info(summary);
        return new BootOutcome("safeboot", summary, Optional.empty(), Optional.of(ssh));
    }

    private BootOutcome reinstall() {
        server.reportRunlevel("reinstall", "wiping the node's software and sliver state under " + disk.root());
        disk.wipe();
        long release = install();
        server.installed(VERSION);
        server.notifyTechs("installfinished");
        LOG.info("reinstalled release {}; PLC moved the node to boot", release);
        return bootNode();
    }

    private BootOutcome bootNode() {
        long release = install();
        AgentConfiguration.write(disk, medium, plnodeFile, plnode);
        certify();
        Process agent = agents.start(disk.software().resolve(NodeDisk.AGENT_LAUNCHER), disk.agentConfig(), disk.agentLog());
        String summary = "boot: release %d installed, node agent started (pid %d)".formatted(release, agent.pid());
        try {
            server.reportRunlevel("boot", summary);
        } catch (RuntimeException e) {
            agent.destroy();
            throw e;
        }
        LOG.info(summary);
        return new BootOutcome("boot", summary, Optional.of(agent), Optional.empty());
    }

    /**
     * Watches the agent a boot started: installs the releases PLC offers this node later, with a
     * health check and a rollback of its own ({@link ReleaseSupervisor}).
     *
     * @param healthTimeout how long a new release's agent has to become ready
     */
    public ReleaseSupervisor supervise(Process agent, Duration healthTimeout) {
        return new ReleaseSupervisor(disk, server, this::stage, () -> AgentConfiguration.write(disk, medium, plnodeFile, plnode),
                agents, healthTimeout, agent);
    }

    /** Stages the release PLC offers this node if it is new (verified against the medium's roots); returns its number. */
    private long stage() {
        ReleaseStaging staging = new ReleaseStaging(disk.releases());
        staging.prepare();
        ReleaseVerifier verifier = new ReleaseVerifier(TrustRoots.load(medium.trustRoots()), clock);
        new ReleaseUpdater(new PlcReleaseSource(server.client()), verifier, staging).update();
        return staging.trusted().releaseNumber();
    }

    /**
     * Stages the current release if it is new, and installs it if it is not the installed one,
     * unless its agent failed the health check here before (then the installed release stays).
     */
    private long install() {
        long number = stage();
        if (disk.failedReleases().contains(number) && disk.installedRelease().isPresent()) {
            LOG.warn("release {} failed its health check on this node before; staying on release {}", number,
                    disk.installedRelease().get());
            return disk.installedRelease().get();
        }
        ReleaseStaging staging = new ReleaseStaging(disk.releases());
        if (disk.installedRelease().filter(installed -> installed == number).isEmpty()) {
            disk.install(staging.releaseDirectory(number), number);
            LOG.info("installed release {} into {}", number, disk.software());
        }
        if (!Files.isExecutable(disk.software().resolve(NodeDisk.AGENT_LAUNCHER))) {
            throw PlanetLabException.invalidArgument("release " + number + " has no " + NodeDisk.AGENT_LAUNCHER
                    + "; publish a release with the node agent's launcher");
        }
        return number;
    }

    /** Has the node's key pairs certified by PLC, where the agent finds them. */
    private void certify() {
        BootFiles files = new BootFiles(disk.state().resolve("boot"));
        files.prepare();
        NodeIdentity identity = new NodeIdentity(new NodeSubject(plnode.nodeId(), plnode.hostname()),
                plnode.ipAddress().orElse("0.0.0.0"));
        NodeCredentials credentials = new NodeCredentials(files, identity, new ChainVerifier(TrustRoots.load(medium.trustRoots()), clock),
                medium.tlsCa(), clock, random);
        credentials.load();
        credentials.renew(server.client());
    }

    /** Runs a boot or reinstall; a failure is reported as failboot before it is thrown. */
    private BootOutcome guarded(java.util.function.Supplier<BootOutcome> step) {
        try {
            return step.get();
        } catch (PlanetLabException | UncheckedIOException e) {
            try {
                server.reportRunlevel("failboot", e.getMessage());
                server.notifyTechs("failboot");
            } catch (RuntimeException reportFailure) {
                e.addSuppressed(reportFailure);
            }
            throw e;
        }
    }

    private static String version() {
        String version = BootManager.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
