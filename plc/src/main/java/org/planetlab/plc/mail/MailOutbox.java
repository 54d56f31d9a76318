package org.planetlab.plc.mail;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the mail that PLC's changes wrote into an outbox table in their own transaction (a
 * complaint's, a monitor escalation's): woken when a transaction that queued a message commits,
 * when a claimed message's lease or a failed one's retry time comes, and otherwise every five
 * minutes for mail another server sharing the store left behind. Changes that queued nothing do
 * not wake it: the boot notices' owners are nodes, which change with every heartbeat. A message is claimed
 * before it is sent (a lease, so two servers sharing a store never both send it) and marked sent
 * after the mail server took it; a failed send is retried later, at most once an hour after
 * repeated failures. Nothing is lost across a restart: mail not marked sent is sent when its lease
 * runs out. A message goes out twice only if PLC dies in the instant between the mail server's
 * acceptance and the mark. A cancellable outbox's message with {@code cancelled_at} set is never
 * sent.
 */
public final class MailOutbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MailOutbox.class);
    private static final long LEASE_SECONDS = 120;
    private static final long POLL_MILLIS = 300_000;
    private static final int BATCH = 20;

    /**
     * The running senders of each outbox table, woken after the commit of a transaction that
     * queued into it. A message is queued with only the transaction's handle at hand, hence a
     * registry by table; a process running two PLCs wakes both, which costs one look.
     */
    private static final Map<String, Set<MailOutbox>> SENDERS = new ConcurrentHashMap<>();

    private final Table table;
    private final Database database;
    private final Mailer mailer;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private final AtomicLong looks = new AtomicLong();
    private volatile boolean batchFull;
    private boolean pending;
    private volatile boolean stopped;
    private MutationPath mutations;
    private Thread sender;

    /**
     * An outbox table: its name, the column naming the object that caused each message, that
     * object's kind, the name its deliveries have in the event log, and whether its messages can
     * be cancelled before they leave (a {@code cancelled_at} column).
     */
    public record Table(String name, String ownerColumn, ObjectType ownerType, String deliveryName, boolean cancellable) {
        public Table {
            requireNonNull(name, "name is null");
            requireNonNull(ownerColumn, "ownerColumn is null");
            requireNonNull(ownerType, "ownerType is null");
            requireNonNull(deliveryName, "deliveryName is null");
        }

        /**
         * Writes a message caused by {@code ownerId} into this outbox, in the caller's transaction:
         * it leaves after the commit, once, and never if the transaction rolls back.
         */
        public void queue(Handle handle, long ownerId, Collection<String> recipients, String subject, String body, long now) {
            Map<String, Object> mail = new LinkedHashMap<>();
            mail.put("mail_id", Database.nextId(handle, name));
            mail.put(ownerColumn, ownerId);
            mail.put("recipients", String.join("\n", recipients));
            mail.put("subject", subject);
            mail.put("body", body);
            mail.put("created", now);
            mail.put("claimed_until", null);
            mail.put("sent_at", null);
            if (cancellable) {
                mail.put("cancelled_at", null);
            }
            mail.put("attempts", 0L);
            mail.put("last_error", null);
            Rows.insert(handle, name, mail);
            handle.afterCommit(() -> SENDERS.getOrDefault(name, Set.of()).forEach(MailOutbox::wake));
        }

        private String unsent() {
            return "sent_at IS NULL" + (cancellable ? " AND cancelled_at IS NULL" : "");
        }
    }

    public MailOutbox(Table table, Database database, Mailer mailer, Clock clock) {
        this.table = requireNonNull(table, "table is null");
        this.database = requireNonNull(database, "database is null");
        this.mailer = requireNonNull(mailer, "mailer is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Starts delivering; changes to the outbox go through {@code path}. */
    public void start(MutationPath path) {
        this.mutations = requireNonNull(path, "path is null");
        SENDERS.computeIfAbsent(table.name(), name -> ConcurrentHashMap.newKeySet()).add(this);
        sender = Thread.ofPlatform().name("plc-mail-" + table.name()).daemon(true).start(this::run);
    }

    private void wake() {
        lock.lock();
        try {
            pending = true;
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (!stopped) {
            try {
                deliverDue();
                long waitMillis = batchFull ? 0 : untilNextClaimEnds();
                lock.lock();
                try {
                    if (!pending && !stopped && waitMillis > 0) {
                        woken.await(waitMillis, TimeUnit.MILLISECONDS);
                    }
                    pending = false;
                } finally {
                    lock.unlock();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("delivering mail of {} failed; trying again later", table.name(), e);
            }
        }
    }

    /**
     * How long until the first claim of an unsent message runs out (a failed message's retry, or
     * a message a stopped server claimed), at most the long interval.
     */
    private long untilNextClaimEnds() {
        Long claimedUntil = database.read(handle -> Rows.select(handle, "SELECT MIN(claimed_until) FROM " + table.name()
                + " WHERE " + table.unsent() + " AND claimed_until IS NOT NULL", List.of()).mapTo(Long.class).findOne()
                .orElse(null));
        if (claimedUntil == null) {
            return POLL_MILLIS;
        }
        // Claims are in whole seconds and due once strictly past: wake a second after.
        return Math.min(POLL_MILLIS, Math.max(0, (claimedUntil + 1) * 1000 - clock.millis()));
    }

    /** How many times the sender looked for due mail since it started: a wake-up costs a look. */
    public long looks() {
        return looks.get();
    }

    /** The outbox table's name, e.g. {@code stop_mail}. */
    public String name() {
        return table.name();
    }

    /** Messages not sent yet (nor cancelled), for the metrics. */
    public long unsent() {
        return database.read(handle -> Rows.select(handle, "SELECT COUNT(*) FROM " + table.name() + " WHERE " + table.unsent(), List.of())
                .mapTo(Long.class).one());
    }

    /** How long the oldest message not sent yet has waited, in seconds; 0 when none waits. */
    public long oldestUnsentSeconds() {
        Long created = database.read(handle -> Rows.select(handle, "SELECT MIN(created) FROM " + table.name() + " WHERE "
                + table.unsent(), List.of()).mapTo(Long.class).findOne().orElse(null));
        return created == null ? 0 : Math.max(0, now() - created);
    }

    /** Sends every message that is due; returns how many were sent. */
    public int deliverDue() {
        looks.incrementAndGet();
        long now = now();
        List<Long> due = database.read(handle -> Rows.select(handle, "SELECT mail_id FROM " + table.name() + " WHERE "
                + table.unsent() + " AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY mail_id LIMIT " + BATCH,
                List.of(now)).mapTo(Long.class).list());
        batchFull = due.size() == BATCH;
        int sent = 0;
        for (long mailId : due) {
            if (!stopped && deliver(mailId)) {
                sent++;
            }
        }
        return sent;
    }

    private boolean deliver(long mailId) {
        Outgoing outgoing = mutations.run(Caller.INTERNAL, table.deliveryName(), List.of(mailId), mutation -> {
            mutation.quietIfUnchanged();
            int claimed = Rows.execute(mutation.db(), "UPDATE " + table.name() + " SET claimed_until = :until, attempts ="
                    + " attempts + 1 WHERE mail_id = :id AND " + table.unsent() + " AND (claimed_until IS NULL OR"
                    + " claimed_until < :now)", Map.of("until", mutation.now() + LEASE_SECONDS, "id", mailId, "now",
                    mutation.now()));
            if (claimed == 0) {
                return null;
            }
            return Rows.select(mutation.db(), "SELECT " + table.ownerColumn() + ", recipients, subject, body, attempts FROM "
                    + table.name() + " WHERE mail_id = ?", List.of(mailId)).map((row, context) -> new Outgoing(
                    row.getLong(1), List.of(row.getString(2).split("\n")), row.getString(3), row.getString(4),
                    row.getLong(5))).one();
        });
        if (outgoing == null) {
            return false;
        }
        try {
            mailer.send(new MailMessage(outgoing.recipients(), outgoing.subject(), outgoing.body()));
        } catch (PlanetLabException e) {
            long retryIn = Math.min(3_600, 30L << Math.min(7, outgoing.attempts()));
            mutations.run(Caller.INTERNAL, table.deliveryName(), List.of(mailId), mutation -> {
                mutation.quietIfUnchanged();
                String error = e.getMessage() == null ? "unknown" : e.getMessage();
                return Rows.execute(mutation.db(), "UPDATE " + table.name() + " SET claimed_until = :until, last_error ="
                        + " :error WHERE mail_id = :id", Map.of("until", mutation.now() + retryIn, "error",
                        error.substring(0, Math.min(error.length(), 1000)), "id", mailId));
            });
            LOG.warn("{} {}: mail not sent (attempt {}), retrying in {} s: {}", table.ownerType().wireName(),
                    outgoing.ownerId(), outgoing.attempts(), retryIn, e.getMessage());
            return false;
        }
        mutations.run(Caller.INTERNAL, table.deliveryName(), List.of(mailId), mutation -> {
            Rows.execute(mutation.db(), "UPDATE " + table.name() + " SET sent_at = :now, claimed_until = NULL,"
                    + " last_error = NULL WHERE mail_id = :id", Map.of("now", mutation.now(), "id", mailId));
            mutation.affected(table.ownerType(), outgoing.ownerId());
            mutation.message(table.ownerType().wireName() + " " + outgoing.ownerId() + " mailed to " + String.join(", ",
                    outgoing.recipients()));
            return null;
        });
        return true;
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private record Outgoing(long ownerId, List<String> recipients, String subject, String body, long attempts) {}

    @Override
    public void close() {
        stopped = true;
        SENDERS.getOrDefault(table.name(), Set.of()).remove(this);
        if (sender != null) {
            sender.interrupt();
            try {
                sender.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
