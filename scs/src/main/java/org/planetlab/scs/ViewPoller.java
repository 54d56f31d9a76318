package org.planetlab.scs;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.sliver.GetSliversAnswer;
import org.planetlab.api.sliver.GetSliversWire;
import org.planetlab.api.sliver.SliverApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps asking one slice authority what the node must run: GetSlivers with the version it has and
 * a wait, so the authority answers the moment the node's view changes (a long poll); every
 * {@code fullPollInterval} it asks for the whole view even if nothing changed, a safety net for a
 * lost change. When the authority cannot be reached it waits, from one second doubling to thirty,
 * and the node keeps what it runs.
 */
final class ViewPoller implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ViewPoller.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final AuthoritySession session;
    private final Consumer<SliverView> views;
    private final Duration wait;
    private final Duration fullPollInterval;
    private final Clock clock;
    private volatile boolean stopped;

    ViewPoller(AuthoritySession session, Consumer<SliverView> views, Duration wait, Duration fullPollInterval, Clock clock) {
        this.session = requireNonNull(session, "session is null");
        this.views = requireNonNull(views, "views is null");
        this.wait = requireNonNull(wait, "wait is null");
        this.fullPollInterval = requireNonNull(fullPollInterval, "fullPollInterval is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public void run() {
        String version = null;
        Instant lastFull = Instant.MIN;
        Duration backoff = FIRST_BACKOFF;
        boolean unreachable = false;
        while (!stopped) {
            try {
                boolean full = version == null || clock.instant().isAfter(lastFull.plus(fullPollInterval));
                GetSliversAnswer answer = GetSliversWire.fromWire(full ? session.call(SliverApi.GET_SLIVERS)
                        : session.call(SliverApi.GET_SLIVERS, null, version, wait.toSeconds()));
                if (unreachable) {
                    LOG.info("slice authority {} answers again", session.authority().name());
                    unreachable = false;
                }
                backoff = FIRST_BACKOFF;
                if (!(answer instanceof GetSliversAnswer.Full changed)) {
                    continue;
                }
                SliverView view = SliverView.of(session.authority(), changed);
                version = view.version();
                lastFull = clock.instant();
                views.accept(view);
            } catch (PlanetLabException e) {
                if (!unreachable) {
                    LOG.warn("slice authority {} did not answer ({}); the node keeps its slivers and asks again",
                            session.authority().name(), e.getMessage());
                    unreachable = true;
                }
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            stopped = true;
            Thread.currentThread().interrupt();
        }
    }

    void stop() {
        stopped = true;
    }
}
