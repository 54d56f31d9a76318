package org.planetlab.plc.stop;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.mail.PlcMail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a stopped slice's users, by mail written into the outbox {@code stop_mail} in the stop's
 * own transaction: a stop that commits is mailed once, a refused one never. One message per
 * slice, to that slice's enabled users only: a system-wide stop writes one for every live slice,
 * so no user learns another slice's addresses. A slice without users is logged, not mailed.
 */
public final class StopMail implements StopNotifications {
    private static final Logger LOG = LoggerFactory.getLogger(StopMail.class);

    private final Optional<String> support;

    /** @param support the address users are told to write to, if PLC has one */
    public StopMail(Optional<String> support) {
        this.support = requireNonNull(support, "support is null");
    }

    @Override
    public void stopped(Mutation mutation, StopRecord stop) {
        Handle handle = mutation.db();
        List<Long> sliceIds = stop.sliceId().map(List::of).orElseGet(() -> handle.createQuery(
                        "SELECT slice_id FROM slices WHERE is_deleted = FALSE AND expires > :now ORDER BY slice_id")
                .bind("now", mutation.now()).mapTo(Long.class).list());
        Optional<String> node = stop.nodeId().map(id -> handle.createQuery("SELECT hostname FROM nodes WHERE node_id = :node")
                .bind("node", id).mapTo(String.class).one());
        for (long sliceId : sliceIds) {
            String slice = handle.createQuery("SELECT name FROM slices WHERE slice_id = :slice").bind("slice", sliceId)
                    .mapTo(String.class).one();
            List<String> users = handle.createQuery("SELECT p.email FROM slice_persons sp JOIN persons p ON p.person_id ="
                            + " sp.person_id WHERE sp.slice_id = :slice AND p.deleted = FALSE AND p.enabled = TRUE ORDER BY p.email")
                    .bind("slice", sliceId).mapTo(String.class).list();
            if (users.isEmpty()) {
                LOG.info("stop {} of slice {}: the slice has no enabled user to tell", stop.stopId(), slice);
                continue;
            }
            PlcMail.STOPS.queue(handle, stop.stopId(), users, subject(stop, slice, node), body(stop, slice, node), mutation.now());
        }
        mutation.affected(ObjectType.SLICE_STOP, stop.stopId());
    }

    private static String subject(StopRecord stop, String slice, Optional<String> node) {
        return switch (stop.level()) {
            case "sliver" -> "[PlanetLab] slice %s stopped on %s".formatted(slice, node.orElse("a node"));
            case "all" -> "[PlanetLab] every slice stopped, %s with them".formatted(slice);
            default -> "[PlanetLab] slice %s stopped on every node".formatted(slice);
        };
    }

    private String body(StopRecord stop, String slice, Optional<String> node) {
        String where = switch (stop.level()) {
            case "sliver" -> "on " + node.orElse("one node") + " only";
            case "site" -> "on every node, with every slice of its site";
            case "all" -> "on every node: PlanetLab's operators stopped every slice";
            default -> "on every node";
        };
        String by = switch (StopAuthority.fromWireName(stop.authority())) {
            case OPERATOR -> "PlanetLab's operators";
            case SITE -> "the site";
            case SLICE -> "one of the slice's users";
        };
        String lift = switch (stop.level()) {
            case "sliver" -> "pl slice start " + slice + " --node " + node.orElse("NODE")
                    + (stop.authority().equals("operator") ? " (by an operator only)" : "");
            case "all" -> "only PlanetLab's operators lift it (ResumeAllSlices); the slice then runs as before";
            default -> "pl slice start " + slice + (stop.authority().equals("operator") ? " (by an operator only)" : "");
        };
        return """
                Slice %s was stopped %s at %s by %s.
                Reason: %s

                Its processes were ended; its files are kept. Tickets of the slice are refused on every node
                while the stop holds.
                To see the stop: pl slice stops --slice %s
                To start it again: %s
                %s""".formatted(slice, where, Instant.ofEpochSecond(stop.stoppedAt()), by, stop.reason(), slice, lift,
                support.map(address -> "Questions: " + address + "\n").orElse(""));
    }
}
