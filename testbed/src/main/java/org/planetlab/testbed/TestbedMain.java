package org.planetlab.testbed;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.host.HostCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code testbed up|status|down}: PLC plus nodes in network namespaces on this machine; with
 * {@code up --peers 2}, two peered PLCs, each with its own nodes ({@link PeeredTestbed}).
 *
 * <p>Exit codes: 0 success; 2 bad usage; 3 not allowed (not root); 4 failure.
 */
@Command(name = "testbed", mixinStandardHelpOptions = true, version = "testbed 0.1",
        description = "A PlanetLab testbed in a box: PLC and nodes in network namespaces on this machine.",
        subcommands = {TestbedMain.Up.class, TestbedMain.Status.class, TestbedMain.Down.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "2:bad usage", "3:not allowed (the testbed needs root)", "4:failure"})
public final class TestbedMain {
    /** PLC B's prefix and subnet when two peered PLCs run. */
    static final String PEER_PREFIX = "pltc";
    static final String PEER_SUBNET = "10.76.0";

    public static void main(String[] args) {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        CommandLine commandLine = new CommandLine(new TestbedMain());
        commandLine.setExecutionExceptionHandler((error, line, parsed) -> {
            line.getErr().println("testbed: " + (error instanceof PlanetLabException ? error.getMessage() : error));
            return error instanceof PlanetLabException planetLab
                    && planetLab.code() == ErrorCode.PERMISSION_DENIED ? 3 : 4;
        });
        System.exit(commandLine.execute(args));
    }

    static Testbed testbed() {
        return testbed(SliverImages.Kind.DEBIAN);
    }

    static Testbed testbed(SliverImages.Kind image) {
        Path root = Path.of(System.getProperty("planetlab.root", "."));
        return new Testbed(root, new HostCommand(java.util.List.of(), java.time.Duration.ofMinutes(5)), image);
    }

    /** Options every subcommand shares. */
    static class Common {
        @Option(names = "--data-dir", defaultValue = "${env:TESTBED_DATA_DIR:-.planetlab/testbed}",
                description = "where the testbed keeps its files (default: ${DEFAULT-VALUE})")
        Path dataDir;
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Builds and starts a testbed (after removing what a previous one left).")
    static final class Up implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @Option(names = "--nodes", defaultValue = "3", description = "how many nodes (default: ${DEFAULT-VALUE})")
        int nodes;

        @Option(names = "--subnet", defaultValue = "10.77.0",
                description = "first three octets of the private /24 it uses (default: ${DEFAULT-VALUE})")
        String subnet;

        @Option(names = "--port", defaultValue = "8443", description = "PLC's TLS port (default: ${DEFAULT-VALUE})")
        int port;

        @Option(names = "--peers", defaultValue = "1", description = "how many PLCs: 1, or 2 peered with each other,"
                + " each with its own network and nodes, A's demo slice also on a node of B (default: ${DEFAULT-VALUE})")
        int peers;

        @Option(names = "--peer-nodes", defaultValue = "1", description = "with --peers 2: how many nodes PLC B has;"
                + " --nodes, --subnet and --port are A's (default: ${DEFAULT-VALUE})")
        int peerNodes;

        @Option(names = "--peer-subnet", defaultValue = PEER_SUBNET, description = "with --peers 2: PLC B's /24,"
                + " whose second number differs from --subnet's (default: ${DEFAULT-VALUE}); B's port is --port + 1")
        String peerSubnet;

        @Option(names = "--image", defaultValue = "debian", description = "what slivers run: debian (with apt and the"
                + " package repository PLC serves) or busybox (built in a second) (default: ${DEFAULT-VALUE})")
        String image;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            TestbedLayout layout;
            PeeredTestbed.Layouts peered = null;
            SliverImages.Kind kind;
            try {
                layout = new TestbedLayout(common.dataDir, nodes, subnet, port);
                if (peers == 2) {
                    peered = PeeredTestbed.Layouts.of(common.dataDir, nodes, peerNodes, subnet, peerSubnet, port,
                            TestbedLayout.DEFAULT_PREFIX, PEER_PREFIX);
                } else if (peers != 1) {
                    throw new IllegalArgumentException("--peers is 1 or 2, not " + peers);
                }
                kind = switch (image) {
                    case "debian" -> SliverImages.Kind.DEBIAN;
                    case "busybox" -> SliverImages.Kind.BUSYBOX;
                    default -> throw new IllegalArgumentException("--image is debian or busybox, not " + image);
                };
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("testbed: " + e.getMessage());
                return 2;
            }
            PrintWriter out = spec.commandLine().getOut();
            if (peered != null) {
                new PeeredTestbed(testbed(kind)).up(peered, out);
            } else {
                if (PeeredTestbed.isPeered(common.dataDir)) {
                    new PeeredTestbed(testbed(kind)).down(common.dataDir, TestbedLayout.DEFAULT_PREFIX, PEER_PREFIX, out);
                }
                testbed(kind).up(layout, out);
            }
            out.println("\nThe testbed is up. `bin/testbed status` reports on it, `bin/testbed down` removes it.");
            out.flush();
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Reports what runs.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(PeeredTestbed.isPeered(common.dataDir)
                    ? new PeeredTestbed(testbed()).status(common.dataDir) : testbed().status(common.dataDir));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Stops and removes the testbed: processes, slivers, namespaces, links, files.")
    static final class Down implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @Option(names = "--prefix", defaultValue = TestbedLayout.DEFAULT_PREFIX,
                description = "the prefix of the testbed's namespaces and links (default: ${DEFAULT-VALUE})")
        String prefix;

        @Option(names = "--peer-prefix", defaultValue = PEER_PREFIX,
                description = "the prefix of PLC B's objects, when two peered PLCs run (default: ${DEFAULT-VALUE})")
        String peerPrefix;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (PeeredTestbed.isPeered(common.dataDir)) {
                new PeeredTestbed(testbed()).down(common.dataDir, prefix, peerPrefix, spec.commandLine().getOut());
            } else {
                testbed().down(common.dataDir, prefix, spec.commandLine().getOut());
            }
            spec.commandLine().getOut().println("The testbed is down; nothing of it is left.");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
