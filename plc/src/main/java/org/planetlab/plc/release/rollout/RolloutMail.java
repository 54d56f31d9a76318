package org.planetlab.plc.release.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mail.MailOutbox;
import org.planetlab.plc.store.Rows;

/** The letter that tells PLC's operators a rollout paused, written into its outbox in the pause's transaction. */
final class RolloutMail {
    /** The outbox of rollout letters, delivered by {@link MailOutbox}. */
    static final MailOutbox.Table TABLE = new MailOutbox.Table("rollout_mail", "rollout_id", ObjectType.ROLLOUT,
            "DeliverRolloutMail", false);

    private RolloutMail() {}

    /** Queues the letter to every enabled operator and the support address; returns whether anyone was addressed. */
    static boolean queuePaused(Handle db, Rollout rollout, String reason, Optional<String> supportAddress, long now) {
        List<String> recipients = new ArrayList<>(Rows.select(db, "SELECT DISTINCT p.email FROM persons p JOIN person_roles r ON"
                + " r.person_id = p.person_id WHERE r.role_id = 10 AND p.enabled = TRUE AND p.deleted = FALSE ORDER BY p.email",
                List.of()).mapTo(String.class).list());
        supportAddress.filter(address -> !recipients.contains(address)).ifPresent(recipients::add);
        if (recipients.isEmpty()) {
            return false;
        }
        String subject = "PlanetLab: rollout " + rollout.id() + " of release " + rollout.releaseNumber() + " paused";
        String body = """
                The rollout %d of node software release %d paused in wave %d of %d:

                %s

                Nodes of the open waves keep release %d; the other nodes keep release %d. Nothing more
                happens until an operator acts:

                  pl release status      the waves, which nodes passed, why it paused
                  pl release resume      check the gates again (after fixing the cause)
                  pl release rollback    every node back to the files of release %d

                -- PLC
                """.formatted(rollout.id(), rollout.releaseNumber(), rollout.wave() + 1, rollout.waves().size(), reason,
                rollout.releaseNumber(), rollout.fromRelease(), rollout.fromRelease());
        TABLE.queue(db, rollout.id(), recipients, subject, body, now);
        return true;
    }
}
