package org.planetlab.boot;

import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.boot.console.BootConsole;
import org.planetlab.boot.manager.AgentStarter;
import org.planetlab.boot.manager.BootManager;
import org.planetlab.boot.manager.BootOutcome;
import org.planetlab.boot.manager.NodeDisk;
import org.planetlab.boot.manager.ReleaseSupervisor;
import org.planetlab.boot.medium.BootMedium;
import org.planetlab.node.release.ReleaseCheckSchedule;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code boot-manager}: the first program of a node, run from the boot medium with the node's
 * plnode.txt. It stays in the foreground while the node agent (boot) or the debug SSH service
 * (safeboot) runs, and stops them when it is stopped.
 */
@Command(name = "boot-manager", mixinStandardHelpOptions = true,
        description = "PlanetLab boot manager: boots the node as PLC's boot server says (docs/boot.md).")
public final class BootManagerMain implements Callable<Integer> {
    @Option(names = "--medium", required = true, description = "the boot medium's directory")
    private Path medium;

    @Option(names = "--plnode", required = true, description = "the node's plnode.txt (pl node config NODE)")
    private Path plnode;

    @Option(names = "--disk", defaultValue = "/var/lib/planetlab", description = "the node's disk: software, agent state (${DEFAULT-VALUE})")
    private Path disk;

    @Option(names = "--debug-ssh-port", defaultValue = "22", description = "the debug SSH port in safeboot (${DEFAULT-VALUE})")
    private int debugSshPort;

    @Option(names = "--source-address", description = "send to PLC from this address (default: the system's choice)")
    private String sourceAddress;

    @Option(names = "--release-check-seconds", defaultValue = "3600",
            description = "mean time between checks for the release PLC offers this node, jittered by a tenth (${DEFAULT-VALUE})")
    private long releaseCheckSeconds;

    @Option(names = "--health-seconds", defaultValue = "120",
            description = "how long a new release's agent has to become ready before the node goes back (${DEFAULT-VALUE})")
    private long healthSeconds;

    public static void main(String[] arguments) {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.INFO);
        System.exit(new CommandLine(new BootManagerMain()).execute(arguments));
    }

    @Override
    public Integer call() throws Exception {
        BootOutcome outcome;
        BootManager manager;
        NodeDisk nodeDisk = new NodeDisk(disk);
        AgentStarter agents = keepConsole(nodeDisk);
        try {
            Optional<InetAddress> source = Optional.ofNullable(sourceAddress).map(InetAddress::ofLiteral);
            manager = new BootManager(BootMedium.read(medium), plnode, nodeDisk, source, debugSshPort,
                    agents, Clock.systemUTC(), new SecureRandom());
            outcome = manager.boot();
        } catch (PlanetLabException e) {
            System.err.println("boot-manager: " + e.getMessage());
            return 1;
        }
        System.out.println("boot-manager: " + outcome.summary());
        System.out.flush();
        if (outcome.agent().isPresent()) {
            ReleaseSupervisor supervisor = manager.supervise(outcome.agent().get(), Duration.ofSeconds(healthSeconds));
            Runtime.getRuntime().addShutdownHook(new Thread(supervisor::stop, "boot-manager-stop-agent"));
            Duration interval = Duration.ofSeconds(releaseCheckSeconds);
            return supervisor.run(new ReleaseCheckSchedule(interval, interval.dividedBy(10)), new SecureRandom());
        }
        if (outcome.debugSsh().isPresent()) {
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                outcome.debugSsh().get().close();
                stopped.countDown();
            }, "boot-manager-stop-debug-ssh"));
            stopped.await();
        }
        return 0;
    }

    /**
     * Sends what the boot manager says into the node's console log too (the agent's, uploaded to
     * PLC after the next boot), and returns the agent starter that hands it over to each agent
     * started. A console that cannot be kept does not stop the boot.
     */
    private static AgentStarter keepConsole(NodeDisk disk) {
        BootConsole console;
        try {
            console = BootConsole.open(disk.console());
        } catch (java.io.UncheckedIOException e) {
            System.err.println("boot-manager: no console log: " + e.getMessage() + ": " + e.getCause().getMessage());
            return AgentStarter.PROCESS;
        }
        console.capture();
        return (launcher, config, log) -> {
            console.startOver();
            return AgentStarter.PROCESS.start(launcher, config, log);
        };
    }
}
