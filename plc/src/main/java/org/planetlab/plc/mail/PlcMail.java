package org.planetlab.plc.mail;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.List;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.store.Database;

/**
 * PLC's outgoing mail: the mailer, and the outboxes whose messages changes write in their own
 * transaction (complaints, monitor escalations, stops, nodes' boot notices, usage notices) with the senders that deliver them.
 */
public record PlcMail(Mailer mailer, MailOutbox complaints, MailOutbox escalations, MailOutbox stops, MailOutbox bootNotices,
                      MailOutbox usageNotices) implements AutoCloseable {
    /** A complaint's mail to the slice's users and PIs. */
    public static final MailOutbox.Table COMPLAINTS = new MailOutbox.Table("complaint_mail", "complaint_id", ObjectType.COMPLAINT,
            "DeliverComplaintMail", false);
    /** A monitor escalation's mail; cancelled if the node returns before it left. */
    public static final MailOutbox.Table ESCALATIONS = new MailOutbox.Table("escalation_mail", "escalation_id",
            ObjectType.ESCALATION, "DeliverEscalationMail", true);
    /** A stop's mail to the stopped slice's users. */
    public static final MailOutbox.Table STOPS = new MailOutbox.Table("stop_mail", "stop_id", ObjectType.SLICE_STOP,
            "DeliverStopMail", false);
    /** A node's boot notice (BootNotifyOwners) to its site's techs and PIs. */
    public static final MailOutbox.Table BOOT_NOTICES = new MailOutbox.Table("boot_mail", "node_id", ObjectType.NODE,
            "DeliverBootMail", false);
    /** A usage-threshold notice to a slice's users and its site's PIs. */
    public static final MailOutbox.Table USAGE_NOTICES = new MailOutbox.Table("usage_mail", "notice_id", ObjectType.USAGE_NOTICE,
            "DeliverUsageMail", false);

    public PlcMail {
        requireNonNull(mailer, "mailer is null");
        requireNonNull(complaints, "complaints is null");
        requireNonNull(escalations, "escalations is null");
        requireNonNull(stops, "stops is null");
        requireNonNull(bootNotices, "bootNotices is null");
        requireNonNull(usageNotices, "usageNotices is null");
    }

    public static PlcMail create(MailSettings settings, Database database, Clock clock) {
        Mailer mailer = settings.mailer();
        return new PlcMail(mailer, new MailOutbox(COMPLAINTS, database, mailer, clock),
                new MailOutbox(ESCALATIONS, database, mailer, clock), new MailOutbox(STOPS, database, mailer, clock),
                new MailOutbox(BOOT_NOTICES, database, mailer, clock), new MailOutbox(USAGE_NOTICES, database, mailer, clock));
    }

    /** Every outbox. */
    public List<MailOutbox> outboxes() {
        return List.of(complaints, escalations, stops, bootNotices, usageNotices);
    }

    /** Starts delivering; the outboxes change through {@code path}. */
    public void start(MutationPath path) {
        complaints.start(path);
        escalations.start(path);
        stops.start(path);
        bootNotices.start(path);
        usageNotices.start(path);
    }

    @Override
    public void close() {
        complaints.close();
        escalations.close();
        stops.close();
        bootNotices.close();
        usageNotices.close();
    }
}
