package org.planetlab.plc.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.method.Role;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mail.PlcMail;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor's policy for nodes that stay down, as the original monitor's: after a day the
 * site's technical contacts are mailed, after a few days its principal investigators, then the
 * site may create no new slices until the node is back ({@link MonitorSettings}). A node PLC has
 * in {@code safeboot} or {@code disabled} is down on purpose and is not escalated.
 *
 * <p>Each step taken for one outage is a row of {@code monitor_escalations}, written with its mail
 * (the outbox {@code escalation_mail}) in one transaction, and a unique index on (outage, step): a
 * step is never taken twice for the same outage, also with several servers or after a crash. When
 * the node is back every open step of its outage ends, mail not yet sent is cancelled, and a
 * restricted site is told it may create slices again. With several servers on one store one at a
 * time runs it (an advisory lock).
 */
public final class EscalationService {
    private static final Logger LOG = LoggerFactory.getLogger(EscalationService.class);
    /** The advisory lock of the escalation, so that one server at a time runs it ("PLCESCAL"). */
    private static final long LOCK_KEY = 0x504c_4345_5343_414cL;

    private final MutationPath mutations;
    private final Database database;
    private final MonitorSettings settings;
    private final Optional<String> support;

    /** @param support PLC support's address: told of restrictions, and mailed when a site has nobody to tell */
    public EscalationService(MutationPath mutations, Database database, MonitorSettings settings, Optional<String> support) {
        this.mutations = requireNonNull(mutations, "mutations is null");
        this.database = requireNonNull(database, "database is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.support = requireNonNull(support, "support is null");
    }

    public MonitorSettings settings() {
        return settings;
    }

    /** One step taken (or ended) by a run. */
    public record Taken(long nodeId, EscalationStep step, boolean ended) {}

    /**
     * Ends the steps of nodes that are back and takes every step that is due; returns what it did
     * (nothing if another server is running it right now).
     */
    public List<Taken> escalate() {
        List<Taken> taken = new ArrayList<>();
        database.runAlone(LOCK_KEY, () -> taken.addAll(mutations.run(Caller.INTERNAL, "EscalateDownNodes", List.of(),
                mutation -> {
                    List<Taken> done = new ArrayList<>(endReturned(mutation));
                    done.addAll(takeDue(mutation));
                    if (done.isEmpty()) {
                        // Runs every few seconds: a run that changes nothing must not fill the event log.
                        mutation.quietIfUnchanged();
                    }
                    mutation.message("monitor escalation: " + done);
                    return done;
                })));
        return taken;
    }

    private List<Taken> endReturned(Mutation mutation) {
        Handle handle = mutation.db();
        List<Open> returned = handle.createQuery("SELECT e.escalation_id, e.node_id, e.site_id, e.step, e.down_since,"
                        + " a.ended, n.hostname FROM monitor_escalations e JOIN node_availability a"
                        + " ON a.interval_id = e.interval_id JOIN nodes n ON n.node_id = e.node_id"
                        + " WHERE e.ended_at IS NULL AND a.ended IS NOT NULL ORDER BY e.escalation_id")
                .map((row, context) -> new Open(row.getLong(1), row.getLong(2), row.getLong(3),
                        EscalationStep.fromWireName(row.getString(4)).orElseThrow(), row.getLong(5), row.getLong(6),
                        row.getString(7)))
                .list();
        List<Taken> ended = new ArrayList<>();
        for (Open open : returned) {
            long now = mutation.now();
            Rows.execute(handle, "UPDATE monitor_escalations SET ended_at = :now WHERE escalation_id = :id",
                    Map.of("now", now, "id", open.escalationId()));
            Rows.execute(handle, "UPDATE escalation_mail SET cancelled_at = :now WHERE escalation_id = :id"
                    + " AND sent_at IS NULL AND cancelled_at IS NULL", Map.of("now", now, "id", open.escalationId()));
            if (open.step() == EscalationStep.RESTRICT_SITE) {
                Set<String> recipients = contacts(handle, open.siteId(), Set.of(Role.PI, Role.TECH));
                support.ifPresent(recipients::add);
                queueMail(mutation, open.escalationId(), recipients, "[PlanetLab] " + open.hostname()
                        + " is back: your site may create slices again", """
                        Node %s came back at %s after being down since %s.

                        The restriction on creating new slices at your site is lifted.
                        """.formatted(open.hostname(), Instant.ofEpochSecond(open.backAt()),
                        Instant.ofEpochSecond(open.downSince())));
            }
            mutation.affected(ObjectType.ESCALATION, open.escalationId());
            ended.add(new Taken(open.nodeId(), open.step(), true));
        }
        return ended;
    }

    private List<Taken> takeDue(Mutation mutation) {
        Handle handle = mutation.db();
        long now = mutation.now();
        long earliest = now - settings.notifyTechAfter().toSeconds();
        List<Outage> outages = handle.createQuery("SELECT a.interval_id, a.node_id, a.site_id, a.started, a.reason,"
                        + " n.hostname, s.login_base FROM node_availability a JOIN nodes n ON n.node_id = a.node_id"
                        + " JOIN sites s ON s.site_id = n.site_id WHERE a.ended IS NULL AND a.up = FALSE"
                        + " AND a.started <= :earliest AND n.deleted = FALSE AND n.boot_state NOT IN ('safeboot', 'disabled')"
                        + " ORDER BY a.started")
                .bind("earliest", earliest)
                .map((row, context) -> new Outage(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4),
                        row.getString(5), row.getString(6), row.getString(7)))
                .list();
        List<Taken> taken = new ArrayList<>();
        for (Outage outage : outages) {
            Set<String> done = new LinkedHashSet<>(handle.createQuery("SELECT step FROM monitor_escalations"
                            + " WHERE interval_id = :interval")
                    .bind("interval", outage.intervalId()).mapTo(String.class).list());
            for (EscalationStep step : EscalationStep.values()) {
                if (done.contains(step.wireName()) || outage.downSince() + settings.after(step).toSeconds() > now) {
                    continue;
                }
                take(mutation, outage, step);
                taken.add(new Taken(outage.nodeId(), step, false));
            }
        }
        return taken;
    }

    private void take(Mutation mutation, Outage outage, EscalationStep step) {
        Handle handle = mutation.db();
        long escalationId = Database.nextId(handle, "monitor_escalations");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("escalation_id", escalationId);
        row.put("node_id", outage.nodeId());
        row.put("site_id", outage.siteId());
        row.put("interval_id", outage.intervalId());
        row.put("step", step.wireName());
        row.put("down_since", outage.downSince());
        row.put("raised_at", mutation.now());
        row.put("ended_at", null);
        Rows.insert(handle, "monitor_escalations", row);
        Set<String> recipients = contacts(handle, outage.siteId(), step == EscalationStep.NOTIFY_TECH
                ? Set.of(Role.TECH) : Set.of(Role.PI, Role.TECH));
        if (recipients.isEmpty() || step == EscalationStep.RESTRICT_SITE) {
            // A site with nobody to tell still has its outage seen by PlanetLab support.
            support.ifPresent(recipients::add);
        }
        String down = MonitorSettings.describe(Duration.ofSeconds(mutation.now() - outage.downSince()));
        queueMail(mutation, escalationId, recipients, subject(outage, step, down), body(outage, step, down));
        mutation.affected(ObjectType.ESCALATION, escalationId);
        mutation.affected(ObjectType.NODE, outage.nodeId());
    }

    private String subject(Outage outage, EscalationStep step, String down) {
        return switch (step) {
            case NOTIFY_TECH, NOTIFY_PI -> "[PlanetLab] node " + outage.hostname() + " has been down for " + down;
            case RESTRICT_SITE -> "[PlanetLab] site " + outage.loginBase() + " may create no new slices: node "
                    + outage.hostname() + " down for " + down;
        };
    }

    private String body(Outage outage, EscalationStep step, String down) {
        String what = """
                Node %s of site %s has been down since %s (%s): %s.
                """.formatted(outage.hostname(), outage.loginBase(), Instant.ofEpochSecond(outage.downSince()), down,
                outage.reason());
        String next = switch (step) {
            case NOTIFY_TECH -> "If it is still down after %s in all, the site's principal investigators are told;"
                    .formatted(MonitorSettings.describe(settings.notifyPiAfter()))
                    + " after %s the site may create no new slices until it is back.".formatted(
                    MonitorSettings.describe(settings.restrictSiteAfter()));
            case NOTIFY_PI -> "If it is still down after %s in all, the site may create no new slices until it is"
                    .formatted(MonitorSettings.describe(settings.restrictSiteAfter())) + " back.";
            case RESTRICT_SITE -> "From now on the site may create no new slices until the node is back; existing"
                    + " slices are not touched.";
        };
        return what + "\n" + next + "\n\nPlease bring the node back (power, network, console) or tell PlanetLab support"
                + " why it is down. Its state: pl node status " + outage.hostname() + "\n";
    }

    /** The addresses of the site's enabled members holding one of {@code roles}. */
    private static Set<String> contacts(Handle handle, long siteId, Set<Role> roles) {
        List<Long> roleIds = roles.stream().map(role -> (long) role.roleId()).toList();
        return new LinkedHashSet<>(handle.createQuery("SELECT DISTINCT p.email FROM person_sites ps JOIN person_roles pr"
                        + " ON pr.person_id = ps.person_id JOIN persons p ON p.person_id = ps.person_id"
                        + " WHERE ps.site_id = :site AND p.deleted = FALSE AND p.enabled = TRUE AND pr.role_id IN (<roles>)"
                        + " ORDER BY p.email")
                .bind("site", siteId)
                .bindList("roles", roleIds)
                .mapTo(String.class)
                .list());
    }

    private static void queueMail(Mutation mutation, long escalationId, Set<String> recipients, String subject, String body) {
        if (recipients.isEmpty()) {
            LOG.warn("monitor escalation {}: nobody to mail (no contact at the site, no mail.support)", escalationId);
            return;
        }
        PlcMail.ESCALATIONS.queue(mutation.db(), escalationId, recipients, subject, body, mutation.now());
    }

    private record Outage(long intervalId, long nodeId, long siteId, long downSince, String reason, String hostname,
            String loginBase) {}

    private record Open(long escalationId, long nodeId, long siteId, EscalationStep step, long downSince, long backAt,
            String hostname) {}
}
