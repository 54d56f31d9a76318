package org.planetlab.plc.replica;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.change.ChangeListener;
import org.planetlab.plc.change.Changes;
import org.planetlab.plc.store.ChangeChannel;
import org.planetlab.plc.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the caches of several PLC servers on one PostgreSQL store coherent. As a change
 * listener it tells the other servers about each change this server committed (a NOTIFY on
 * {@value #CHANNEL}, sent right after the commit); its listening thread hands the changes other
 * servers committed to this server's listeners, as if they had been made here, so they drop
 * what the change made stale and wake the nodes whose view it touched.
 *
 * <p>Nothing is lost silently. If the listening connection is lost, every listener is told
 * that everything may have changed once listening again, since notifications sent meanwhile
 * were not delivered; a message it cannot read counts as "everything changed" too. If a NOTIFY
 * fails, the relay owes the others "everything changed" and sends it as soon as the store
 * answers again. If the server dies between a commit and its NOTIFY, it finds its
 * unclean-stop marker when it starts again and sends "everything changed" then; the caches'
 * maximum age bounds the staleness of a server that never comes back.
 */
public final class ChangeRelay implements ChangeListener, AutoCloseable {
    /** The PostgreSQL notification channel PLC servers share. */
    public static final String CHANNEL = "plc_changes";

    private static final Logger LOG = LoggerFactory.getLogger(ChangeRelay.class);
    private static final Duration POLL = Duration.ofSeconds(5);
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);
    private static final Duration FIRST_LISTEN_TIMEOUT = Duration.ofSeconds(30);

    private final Database database;
    private final List<ChangeListener> local;
    private final String origin;
    private final Path runningMarker;
    private final CountDownLatch listening = new CountDownLatch(1);
    private final AtomicBoolean owesEverything = new AtomicBoolean();
    private final Thread thread;
    private volatile ChangeChannel channel;
    private volatile boolean closed;

    private ChangeRelay(Database database, List<ChangeListener> local, String origin, Path runningMarker) {
        this.database = database;
        this.runningMarker = runningMarker;
        this.local = List.copyOf(local);
        this.origin = origin;
        this.thread = Thread.ofPlatform().name("plc-change-relay").daemon(true).unstarted(this::listen);
    }

    /**
     * Starts relaying if the store is shared (PostgreSQL) and returns once this server listens,
     * so no change committed elsewhere after that is missed; empty for SQLite (one server).
     *
     * @param local this server's listeners, told about changes other servers committed
     * @param runningMarker a file that exists while this server runs: found at start, it says the
     *     last run stopped without closing the relay, perhaps between a commit and its NOTIFY
     */
    public static Optional<ChangeRelay> start(Database database, List<ChangeListener> local, SecureRandom random,
            Path runningMarker) {
        requireNonNull(database, "database is null");
        requireNonNull(local, "local is null");
        requireNonNull(random, "random is null");
        requireNonNull(runningMarker, "runningMarker is null");
        if (database.dialect() != Database.Dialect.POSTGRESQL) {
            return Optional.empty();
        }
        byte[] id = new byte[8];
        random.nextBytes(id);
        ChangeRelay relay = new ChangeRelay(database, local, HexFormat.of().formatHex(id), runningMarker);
        if (Files.exists(runningMarker)) {
            LOG.warn("{} says the last run stopped uncleanly; telling the other servers that anything may have changed",
                    runningMarker);
            relay.owesEverything.set(true);
        }
        try {
            Files.createDirectories(runningMarker.getParent());
            Files.writeString(runningMarker, "this PLC server is running; see docs/scaling.md\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + runningMarker, e);
        }
        relay.thread.start();
        try {
            if (!relay.listening.await(FIRST_LISTEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                relay.close();
                throw new PlanetLabException(ErrorCode.UNAVAILABLE, "cannot listen for other servers' changes on "
                        + CHANNEL + " within " + FIRST_LISTEN_TIMEOUT.toSeconds() + " s; check the store's connectivity");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            relay.close();
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "interrupted while starting to listen for changes", e);
        }
        return Optional.of(relay);
    }

    @Override
    public void committed(Changes changes) {
        if (changes.isEmpty()) {
            return;
        }
        try {
            database.publish(CHANNEL, ChangeMessage.of(origin, changes).encode());
        } catch (PlanetLabException e) {
            owesEverything.set(true);
            LOG.error("could not tell the other servers about a committed change; they will be told that anything"
                    + " may have changed as soon as the store answers", e);
        }
    }

    /** Sends "everything changed" if a notification could not be sent; keeps owing it if that fails too. */
    private void payDebt() {
        if (owesEverything.getAndSet(false)) {
            try {
                database.publish(CHANNEL, ChangeMessage.everything(origin).encode());
            } catch (PlanetLabException e) {
                owesEverything.set(true);
            }
        }
    }

    private void listen() {
        boolean reconnecting = false;
        while (!closed) {
            try (ChangeChannel opened = database.listen(CHANNEL)) {
                channel = opened;
                if (reconnecting) {
                    LOG.info("listening for other servers' changes again; dropping every cached view");
                    deliver(ChangeMessage.everything(origin).changes());
                }
                listening.countDown();
                while (!closed) {
                    payDebt();
                    for (String payload : opened.poll(POLL)) {
                        ChangeMessage message = ChangeMessage.decode(payload);
                        if (!message.origin().equals(origin)) {
                            deliver(message.changes());
                        }
                    }
                }
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warn("listening for other servers' changes failed; trying again in {} s",
                        RECONNECT_DELAY.toSeconds(), e);
                reconnecting = true;
                try {
                    Thread.sleep(RECONNECT_DELAY);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void deliver(Changes changes) {
        for (ChangeListener listener : local) {
            try {
                listener.committed(changes);
            } catch (RuntimeException e) {
                LOG.error("change listener {} failed on another server's change", listener, e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        payDebt();
        ChangeChannel current = channel;
        if (current != null) {
            current.close();
        }
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!owesEverything.get()) {
            try {
                Files.deleteIfExists(runningMarker);
            } catch (IOException e) {
                LOG.warn("cannot remove {}; the next start will tell the other servers that anything may have changed",
                        runningMarker, e);
            }
        }
    }
}
