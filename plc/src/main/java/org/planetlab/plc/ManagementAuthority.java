package org.planetlab.plc;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.boot.BootMethods;
import org.planetlab.plc.boot.BootNotices;
import org.planetlab.plc.boot.BootService;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.node.ConfFileMethods;
import org.planetlab.plc.node.ConfFileService;
import org.planetlab.plc.node.InterfaceMethods;
import org.planetlab.plc.node.InterfaceService;
import org.planetlab.plc.node.NodeGroupMethods;
import org.planetlab.plc.node.NodeGroupService;
import org.planetlab.plc.node.NodeMethods;
import org.planetlab.plc.node.NodeService;
import org.planetlab.plc.node.PcuMethods;
import org.planetlab.plc.node.PcuService;
import org.planetlab.plc.reboot.ConsoleService;
import org.planetlab.plc.reboot.RebootMethods;
import org.planetlab.plc.reboot.RebootService;
import org.planetlab.plc.reboot.RebootSettings;
import org.planetlab.plc.release.ReleaseMethods;
import org.planetlab.plc.release.ReleaseService;
import org.planetlab.plc.release.rollout.Rollouts;
import org.planetlab.plc.store.Database;
import org.planetlab.trust.authority.PlcTrust;
import org.planetlab.trust.authority.PlcTrustOptions;
import org.planetlab.trust.release.ReleaseKeyring;

/**
 * PLC acting as a management authority: the nodes it manages for their owners, their
 * interfaces, tags and groups, power control units, configuration files, remote reboots and
 * console logs, the boot server nodes contact when they start, and the node software releases
 * and their roll-outs. It shares only the principals with the {@link SliceAuthority}.
 * Constructing it builds its services and binds their API methods.
 */
final class ManagementAuthority {
    private static final Duration RELEASE_KEY_LIFETIME = Duration.ofDays(365);

    private final NodeService nodes;
    private final InterfaceService interfaces;
    private final NodeGroupService nodeGroups;
    private final PcuService pcus;
    private final RebootService reboots;
    private final ConsoleService consoles;
    private final ConfFileService confFiles;
    private final BootService boot;
    private final ReleaseService releases;

    /**
     * What the management authority is built on, shared with the rest of PLC. The roll-outs are
     * prepared before the mutation path exists, because they listen to its commits.
     */
    record Foundation(PlcConfig config, MutationPath mutations, Database database, PlcTrust trust,
            Rollouts rollouts, Optional<String> supportAddress, Clock clock, SecureRandom random) {
        Foundation {
            requireNonNull(config, "config is null");
            requireNonNull(mutations, "mutations is null");
            requireNonNull(database, "database is null");
            requireNonNull(trust, "trust is null");
            requireNonNull(rollouts, "rollouts is null");
            requireNonNull(supportAddress, "supportAddress is null");
            requireNonNull(clock, "clock is null");
            requireNonNull(random, "random is null");
        }
    }

    ManagementAuthority(Foundation foundation, MethodRegistry registry) {
        requireNonNull(foundation, "foundation is null");
        requireNonNull(registry, "registry is null");
        PlcConfig config = foundation.config();
        MutationPath mutations = foundation.mutations();
        PlcTrust trust = foundation.trust();
        this.nodes = new NodeService(mutations, foundation.database(), foundation.random());
        new NodeMethods(nodes).register(registry);
        this.interfaces = new InterfaceService(mutations);
        new InterfaceMethods(interfaces).register(registry);
        this.nodeGroups = new NodeGroupService(mutations);
        new NodeGroupMethods(nodeGroups).register(registry);
        this.pcus = new PcuService(mutations);
        new PcuMethods(pcus).register(registry);
        RebootSettings rebootSettings = RebootSettings.from(config.section("reboot"));
        this.reboots = new RebootService(mutations, rebootSettings, RebootService.shippedDrivers(rebootSettings));
        this.consoles = new ConsoleService();
        new RebootMethods(reboots, consoles).register(registry);
        this.confFiles = new ConfFileService(mutations);
        new ConfFileMethods(confFiles).register(registry);
        this.boot = new BootService(mutations, foundation.database(), trust, foundation.clock(), foundation.random());
        new BootMethods(boot, nodes, new BootNotices(foundation.supportAddress())).register(registry);
        this.releases = new ReleaseService(ReleaseKeyring.openOrCreate(trust.directory().resolve("release"),
                trust::rootCredential, PlcTrustOptions.DEFAULT.keyAlgorithm(), RELEASE_KEY_LIFETIME,
                foundation.clock(), foundation.random()), config.dataDir().resolve("releases"), foundation.clock());
        new ReleaseMethods(releases, foundation.rollouts().open(releases, foundation.supportAddress(), registry)).register(registry);
    }

    NodeService nodes() {
        return nodes;
    }

    InterfaceService interfaces() {
        return interfaces;
    }

    NodeGroupService nodeGroups() {
        return nodeGroups;
    }

    PcuService pcus() {
        return pcus;
    }

    RebootService reboots() {
        return reboots;
    }

    ConsoleService consoles() {
        return consoles;
    }

    ConfFileService confFiles() {
        return confFiles;
    }

    BootService boot() {
        return boot;
    }

    ReleaseService releases() {
        return releases;
    }
}
