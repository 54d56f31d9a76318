package org.planetlab.boot.manager;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.release.AgentReadiness;
import org.planetlab.node.release.ReleaseCheckSchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The boot manager's watch over the running node agent (docs/updates.md): at jittered times it
 * stages the release PLC offers this node (verified as at boot), and when that is newer than the
 * installed one it stops the agent, installs the release (keeping the replaced software), starts
 * the new agent and waits for its health check ({@link AgentReadiness}). An agent that is not
 * ready in time, or exits, is stopped and the previous software put back and started; the
 * release is never installed here again, and PLC is told (ReportNodeRelease with the failed
 * release), which pauses the rollout. Slivers are not the agent's processes, so they keep running
 * while it restarts, as across any agent restart. Every check also reports the agent's health,
 * which PLC's gates read with the agent's own heartbeats. An agent that exits by itself (a crash)
 * is started again, up to {@link #MAX_RESTARTS} times a boot, and each crash is reported to PLC
 * (ReportNodeRelease's {@code agent_exit_status}), whose rollout gates hold it against the release
 * however healthy the restarted agent looks.
 */
public final class ReleaseSupervisor {
    private static final Logger LOG = LoggerFactory.getLogger(ReleaseSupervisor.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(20);
    /** How often a crashed agent is started again in one boot; then the boot manager exits and the next boot starts over. */
    static final int MAX_RESTARTS = 3;
    /**
     * How long after a crash the agent is started again: when the whole node is being killed (a
     * power-off kills its processes one by one), the boot manager is gone by then instead of
     * starting an agent that outlives the power-off.
     */
    private static final Duration RESTART_DELAY = Duration.ofSeconds(1);

    private final NodeDisk disk;
    private final BootServer server;
    private final LongSupplier stage;
    private final Runnable configure;
    private final AgentStarter agents;
    private final Duration healthTimeout;
    private Process agent;
    private volatile boolean stopping;

    /**
     * @param stage stages the release PLC offers this node, verified, and returns the number staged
     * @param configure writes the agent's configuration for the installed release
     * @param agent the agent the boot started
     */
    ReleaseSupervisor(NodeDisk disk, BootServer server, LongSupplier stage, Runnable configure, AgentStarter agents,
            Duration healthTimeout, Process agent) {
        this.disk = requireNonNull(disk, "disk is null");
        this.server = requireNonNull(server, "server is null");
        this.stage = requireNonNull(stage, "stage is null");
        this.configure = requireNonNull(configure, "configure is null");
        this.agents = requireNonNull(agents, "agents is null");
        this.healthTimeout = requireNonNull(healthTimeout, "healthTimeout is null");
        this.agent = requireNonNull(agent, "agent is null");
    }

    /** The agent running now. */
    public synchronized Process agent() {
        return agent;
    }

    /**
     * Stops the agent for good (the boot manager is told to stop): its exit is no crash, so it is
     * not started again and {@link #run} returns.
     */
    public void stop() {
        stopping = true;
        stop(agent());
    }

    /**
     * Checks at the schedule's times; an agent that exits by itself is started again (at most
     * {@link #MAX_RESTARTS} times), and when it cannot be, the boot manager ends with its status
     * (the node's next boot starts over).
     *
     * @return the exit status of the agent that was not started again
     */
    public int run(ReleaseCheckSchedule schedule, RandomGenerator random) throws InterruptedException {
        Duration delay = schedule.first(random);
        int restarts = 0;
        while (true) {
            Process watched = agent();
            if (watched.waitFor(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                int status = watched.exitValue();
                if (stopping) {
                    return status;
                }
                if (restarts == MAX_RESTARTS) {
                    report(installed(), false, false, Optional.empty(), Optional.of(status), "node agent exited with status "
                            + status + " after " + restarts + " restarts in this boot; not started again");
                    return status;
                }
                restarts++;
                Thread.sleep(RESTART_DELAY.toMillis());
                if (!restartAfterCrash()) {
                    stop(agent());
                    return status;
                }
            } else {
                check();
            }
            delay = schedule.next(random);
        }
    }

    /**
     * Starts an agent that exited by itself again and reports the crash with how the new agent is.
     *
     * @return whether the new agent passed its health check
     */
    synchronized boolean restartAfterCrash() {
        if (stopping) {
            return false;
        }
        int status = agent.exitValue();
        long release = installed();
        LOG.warn("the node agent of release {} exited by itself with status {}: starting it again", release, status);
        Optional<String> failure = startHealthy();
        Optional<AgentReadiness> readiness = AgentReadiness.read(disk.state());
        report(release, failure.isEmpty(), readiness.map(AgentReadiness::converged).orElse(false), Optional.empty(),
                Optional.of(status), "node agent exited with status " + status + "; started again, "
                        + failure.map(problem -> "but it " + problem).orElseGet(() -> "agent running, "
                                + readiness.map(AgentReadiness::slivers).orElse(0L) + " slivers"));
        return failure.isEmpty();
    }

    /** One check: waits for the agent's health, installs a newer offered release, reports. */
    public synchronized void check() {
        if (stopping) {
            return;
        }
        if (!agent.isAlive()) {
            restartAfterCrash();
            return;
        }
        long staged;
        try {
            staged = stage.getAsLong();
        } catch (PlanetLabException e) {
            LOG.warn("release check refused or failed ({}): {}", e.code(), e.getMessage());
            reportHealth();
            return;
        }
        long installed = installed();
        if (staged > installed && !disk.failedReleases().contains(staged)) {
            upgrade(installed, staged);
        } else {
            reportHealth();
        }
    }

    private void upgrade(long previous, long number) {
        LOG.info("installing release {} (replacing {}): restarting the node agent", number, previous);
        stop(agent);
        disk.install(disk.releases().resolve("release-" + number), number);
        configure.run();
        Optional<String> failure = startHealthy();
        if (failure.isEmpty()) {
            reportHealth();
            return;
        }
        String why = "the agent of release " + number + " " + failure.get();
        LOG.warn("{}; going back to release {}", why, previous);
        stop(agent);
        disk.markFailed(number);
        long restored = disk.restorePrevious();
        configure.run();
        Optional<String> again = startHealthy();
        AgentReadiness readiness = AgentReadiness.read(disk.state()).orElse(new AgentReadiness(0, false));
        report(restored, again.isEmpty(), readiness.converged(), Optional.of(number), Optional.empty(),
                why + "; back on release " + restored + again.map(problem -> ", whose agent " + problem + " too").orElse(", agent healthy"));
    }

    /** Starts the installed agent and waits for its readiness; empty when healthy, else what went wrong. */
    private Optional<String> startHealthy() {
        AgentReadiness.clear(disk.state());
        agent = agents.start(disk.software().resolve(NodeDisk.AGENT_LAUNCHER), disk.agentConfig(), disk.agentLog());
        long deadline = System.nanoTime() + healthTimeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (!agent.isAlive()) {
                    return Optional.of("exited with status " + agent.exitValue() + " during its health check");
                }
                if (AgentReadiness.read(disk.state()).isPresent()) {
                    return Optional.empty();
                }
                agent.waitFor(100, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("was not checked: the boot manager was interrupted");
        }
        return Optional.of("was not ready within " + healthTimeout.toSeconds() + " s");
    }

    private void reportHealth() {
        Optional<AgentReadiness> readiness = AgentReadiness.read(disk.state());
        boolean healthy = agent.isAlive() && readiness.isPresent();
        report(installed(), healthy, readiness.map(AgentReadiness::converged).orElse(false), Optional.empty(), Optional.empty(),
                healthy ? "agent running, " + readiness.get().slivers() + " slivers" : "agent not ready");
    }

    private void report(long release, boolean healthy, boolean converged, Optional<Long> failed, Optional<Integer> exitStatus,
            String message) {
        try {
            server.reportRelease(release, healthy, converged, failed, exitStatus, message);
        } catch (PlanetLabException e) {
            LOG.warn("could not report release {} to PLC: {}", release, e.getMessage());
        }
    }

    private long installed() {
        return disk.installedRelease().orElse(0L);
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
