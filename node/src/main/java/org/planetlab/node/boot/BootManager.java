package org.planetlab.node.boot;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.PlanetLabException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The boot manager (Architecture §4.8.2, §5.2): asks PLC's boot server, with every request signed
 * by the node key of {@code plnode.txt} over TLS pinned to PLC's CA, what the node must do, and
 * does it. {@code boot}: certify the node's keys, run slivers. {@code safeboot} and
 * {@code disabled}: stop every sliver and create none until boot again. {@code reinstall}:
 * forget slivers, pools and keys, then report the end of the install (BootUpdateNode) and boot.
 *
 * <p>It asks at start and every {@code boot-check-seconds}; while PLC cannot be reached it keeps
 * the last state and asks again sooner, backing off from one second. The state is kept on disk,
 * so a restarted agent obeys it before PLC answers.
 */
public final class BootManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BootManager.class);
    /** Reported to PLC with BootUpdateNode. */
    public static final String VERSION = "planetlab-node-agent/" + version();
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

    private final PlcClient plc;
    private final BootFiles files;
    private final NodeCredentials credentials;
    private final BootActions actions;
    private final ScheduledExecutorService scheduler;
    private final Duration interval;
    private Duration retry = FIRST_RETRY;
    private BootState applied;
    private volatile boolean closed;

    BootManager(PlcClient plc, BootFiles files, NodeCredentials credentials, BootActions actions, ScheduledExecutorService scheduler,
            Duration interval) {
        this.plc = requireNonNull(plc, "plc is null");
        this.files = requireNonNull(files, "files is null");
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.actions = requireNonNull(actions, "actions is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.interval = requireNonNull(interval, "interval is null");
    }

    /** Asks PLC now, then periodically. */
    public void start() {
        scheduler.execute(this::checkAndReschedule);
    }

    /** Asks PLC at once, out of schedule (the operator console's "check now", tests). */
    public void checkSoon() {
        scheduler.execute(this::check);
    }

    private void checkAndReschedule() {
        if (closed) {
            return;
        }
        Duration next = check() ? interval : nextRetry();
        scheduler.schedule(this::checkAndReschedule, next.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Duration nextRetry() {
        Duration current = retry;
        retry = retry.multipliedBy(2).compareTo(interval) > 0 ? interval : retry.multipliedBy(2);
        return current;
    }

    /** One conversation with the boot server; false if PLC could not be reached or refused. */
    synchronized boolean check() {
        BootState state;
        try {
            Map<?, ?> details = (Map<?, ?>) plc.call("BootGetNodeDetails");
            state = BootState.parse(String.valueOf(details.get("boot_state")));
            if (state == BootState.REINSTALL) {
                LOG.info("PLC asks for a reinstall: forgetting slivers, pools and keys");
                actions.reinstall();
                credentials.forget();
                plc.call("BootUpdateNode", Map.of("boot_state", BootState.BOOT.wireName(), "version", VERSION));
                applied = null;
                state = BootState.BOOT;
            }
            files.saveBootState(state);
            if (state == BootState.BOOT) {
                boolean tlsChanged = credentials.renew(plc);
                if (tlsChanged && applied == BootState.BOOT) {
                    actions.tlsRenewed();
                }
                actions.boot();
            } else {
                actions.hold(state);
            }
        } catch (PlanetLabException e) {
            LOG.warn("boot server: {} (keeping {}; asking again)", e.getMessage(), applied == null ? "the last state" : applied.wireName());
            return false;
        } catch (RuntimeException e) {
            LOG.warn("boot manager failed; asking again", e);
            return false;
        }
        if (applied != state) {
            LOG.info("node in {}", state.wireName());
        }
        applied = state;
        retry = FIRST_RETRY;
        return true;
    }

    @Override
    public void close() {
        closed = true;
    }

    private static String version() {
        String version = BootManager.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
