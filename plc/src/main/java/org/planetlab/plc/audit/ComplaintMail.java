package org.planetlab.plc.audit;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.change.ChangeListener;
import org.planetlab.plc.change.Changes;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mail.MailMessage;
import org.planetlab.plc.mail.Mailer;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the mail complaints cause (the outbox their transaction wrote): woken when a
 * complaint is committed, and every half minute for retries and for mail another server's
 * complaint left. A message is claimed before it is sent (a lease, so two servers sharing a store
 * never both send it) and marked sent after the mail server took it; a failed send is retried
 * later, at most once an hour after repeated failures. Nothing is lost across a restart: mail not
 * marked sent is sent when its lease runs out. A message goes out twice only if PLC dies in the
 * instant between the mail server's acceptance and the mark.
 */
public final class ComplaintMail implements ChangeListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ComplaintMail.class);
    private static final long LEASE_SECONDS = 120;
    private static final long POLL_MILLIS = 30_000;
    private static final int BATCH = 20;

    private final Database database;
    private final Mailer mailer;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private boolean pending;
    private volatile boolean stopped;
    private MutationPath mutations;
    private Thread sender;

    public ComplaintMail(Database database, Mailer mailer, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.mailer = requireNonNull(mailer, "mailer is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Starts delivering; changes to the outbox go through {@code path}. */
    public void start(MutationPath path) {
        this.mutations = requireNonNull(path, "path is null");
        sender = Thread.ofPlatform().name("plc-complaint-mail").daemon(true).start(this::run);
    }

    @Override
    public void committed(Changes changes) {
        if (changes.objects().stream().anyMatch(object -> object.type() == ObjectType.COMPLAINT)) {
            wake();
        }
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
                lock.lock();
                try {
                    if (!pending && !stopped) {
                        woken.await(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    }
                    pending = false;
                } finally {
                    lock.unlock();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("delivering complaint mail failed; trying again later", e);
            }
        }
    }

    /** Sends every message that is due; returns how many were sent. */
    public int deliverDue() {
        long now = now();
        List<Long> due = database.read(handle -> Rows.select(handle, "SELECT mail_id FROM complaint_mail WHERE sent_at"
                + " IS NULL AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY mail_id LIMIT " + BATCH,
                List.of(now)).mapTo(Long.class).list());
        int sent = 0;
        for (long mailId : due) {
            if (!stopped && deliver(mailId)) {
                sent++;
            }
        }
        return sent;
    }

    private boolean deliver(long mailId) {
        Outgoing outgoing = mutations.run(Caller.INTERNAL, "DeliverComplaintMail", List.of(mailId), mutation -> {
            mutation.quietIfUnchanged();
            int claimed = Rows.execute(mutation.db(), "UPDATE complaint_mail SET claimed_until = :until, attempts ="
                    + " attempts + 1 WHERE mail_id = :id AND sent_at IS NULL AND (claimed_until IS NULL OR claimed_until"
                    + " < :now)", Map.of("until", mutation.now() + LEASE_SECONDS, "id", mailId, "now", mutation.now()));
            if (claimed == 0) {
                return null;
            }
            return Rows.select(mutation.db(), "SELECT complaint_id, recipients, subject, body, attempts FROM"
                    + " complaint_mail WHERE mail_id = ?", List.of(mailId)).map((row, context) -> new Outgoing(
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
            mutations.run(Caller.INTERNAL, "DeliverComplaintMail", List.of(mailId), mutation -> {
                mutation.quietIfUnchanged();
                String error = e.getMessage() == null ? "unknown" : e.getMessage();
                return Rows.execute(mutation.db(), "UPDATE complaint_mail SET claimed_until = :until, last_error ="
                        + " :error WHERE mail_id = :id", Map.of("until", mutation.now() + retryIn, "error",
                        error.substring(0, Math.min(error.length(), 1000)), "id", mailId));
            });
            LOG.warn("complaint {}: mail not sent (attempt {}), retrying in {} s: {}", outgoing.complaintId(),
                    outgoing.attempts(), retryIn, e.getMessage());
            return false;
        }
        mutations.run(Caller.INTERNAL, "DeliverComplaintMail", List.of(mailId), mutation -> {
            Rows.execute(mutation.db(), "UPDATE complaint_mail SET sent_at = :now, claimed_until = NULL,"
                    + " last_error = NULL WHERE mail_id = :id", Map.of("now", mutation.now(), "id", mailId));
            mutation.affected(ObjectType.COMPLAINT, outgoing.complaintId());
            mutation.message("complaint " + outgoing.complaintId() + " mailed to " + String.join(", ",
                    outgoing.recipients()));
            return null;
        });
        return true;
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private record Outgoing(long complaintId, List<String> recipients, String subject, String body, long attempts) {}

    @Override
    public void close() {
        stopped = true;
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
