package org.planetlab.plc.mail;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.List;
import org.planetlab.plc.change.ChangeListener;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.store.Database;

/**
 * PLC's outgoing mail: the mailer, and the outboxes whose messages changes write in their own
 * transaction (complaints, monitor escalations, nodes' boot notices) with the senders that deliver them.
 */
public record PlcMail(Mailer mailer, MailOutbox complaints, MailOutbox escalations, MailOutbox bootNotices) implements AutoCloseable {
    public PlcMail {
        requireNonNull(mailer, "mailer is null");
        requireNonNull(complaints, "complaints is null");
        requireNonNull(escalations, "escalations is null");
        requireNonNull(bootNotices, "bootNotices is null");
    }

    public static PlcMail create(MailSettings settings, Database database, Clock clock) {
        Mailer mailer = settings.mailer();
        return new PlcMail(mailer,
                new MailOutbox(new MailOutbox.Table("complaint_mail", "complaint_id", ObjectType.COMPLAINT,
                        "DeliverComplaintMail", false), database, mailer, clock),
                new MailOutbox(new MailOutbox.Table("escalation_mail", "escalation_id", ObjectType.ESCALATION,
                        "DeliverEscalationMail", true), database, mailer, clock),
                new MailOutbox(new MailOutbox.Table("boot_mail", "node_id", ObjectType.NODE, "DeliverBootMail", false),
                        database, mailer, clock));
    }

    /** The outboxes' senders, woken by commits of their kind. */
    public List<ChangeListener> listeners() {
        return List.of(complaints, escalations, bootNotices);
    }

    /** Starts delivering; the outboxes change through {@code path}. */
    public void start(MutationPath path) {
        complaints.start(path);
        escalations.start(path);
        bootNotices.start(path);
    }

    @Override
    public void close() {
        complaints.close();
        escalations.close();
        bootNotices.close();
    }
}
