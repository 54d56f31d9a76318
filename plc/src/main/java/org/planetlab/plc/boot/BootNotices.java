package org.planetlab.plc.boot;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mail.PlcMail;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.node.Nodes;

/**
 * BootNotifyOwners: a node's boot manager asks PLC to tell the people responsible for it what
 * happened at boot (the original's notifications: an install finished, a boot failed). The node
 * names one of the notices PLC knows and who gets it (its site's PIs, its techs, PLC's support
 * address); PLC writes the letter, with the node's last boot report, into the outbox
 * {@code boot_mail} in the call's transaction, and plc.mail delivers it once.
 */
public final class BootNotices {
    /** The notices a node may ask for, by the original's message ids, with their subjects. */
    public static final Map<String, String> SUBJECTS = Map.of(
            "installfinished", "node %s was reinstalled and is booting",
            "failboot", "node %s could not boot",
            "safeboot", "node %s is in safeboot, waiting for its tech");

    private final Optional<String> supportAddress;

    /** @param supportAddress PLC's support address, if mail has one ({@code mail.support}) */
    public BootNotices(Optional<String> supportAddress) {
        this.supportAddress = requireNonNull(supportAddress, "supportAddress is null");
    }

    /** Queues the notice for the calling node; returns how many addresses it goes to. */
    public int notify(Mutation mutation, String messageId, boolean pis, boolean techs, boolean support) {
        String subject = SUBJECTS.get(messageId);
        if (subject == null) {
            throw PlanetLabException.invalidArgument("message_id must be one of " + new java.util.TreeSet<>(SUBJECTS.keySet()));
        }
        Nodes.NodeRecord node = Nodes.require(mutation.db(), mutation.caller().nodeId().orElseThrow(() ->
                PlanetLabException.permissionDenied("BootNotifyOwners: only a node asks PLC to notify its owners")));
        List<String> recipients = new ArrayList<>();
        if (pis) {
            recipients.addAll(siteStaff(mutation, node.siteId(), 20));
        }
        if (techs) {
            recipients.addAll(siteStaff(mutation, node.siteId(), 40));
        }
        if (support) {
            supportAddress.ifPresent(recipients::add);
        }
        List<String> distinct = recipients.stream().distinct().toList();
        mutation.affected(ObjectType.NODE, node.nodeId());
        mutation.message("node %d: notice %s to %d address(es)".formatted(node.nodeId(), messageId, distinct.size()));
        if (distinct.isEmpty()) {
            return 0;
        }
        String lastReport = mutation.db().createQuery("SELECT event || ': ' || message FROM node_boots WHERE node_id = :node"
                        + " ORDER BY node_boot_id DESC LIMIT 1").bind("node", node.nodeId()).mapTo(String.class).findFirst()
                .orElse("(no boot report yet)");
        String subjectLine = "PlanetLab: " + subject.formatted(node.hostname());
        String body = """
                PlanetLab node %s (node %d): %s.

                Its boot state at PLC: %s.
                Its last boot report: %s

                Its boot history: pl node boot-history %s
                """.formatted(node.hostname(), node.nodeId(), subject.formatted(node.hostname()), node.bootState(), lastReport,
                node.hostname());
        PlcMail.BOOT_NOTICES.queue(mutation.db(), node.nodeId(), distinct, subjectLine, body, mutation.now());
        return distinct.size();
    }

    private static List<String> siteStaff(Mutation mutation, long siteId, long roleId) {
        return mutation.db().createQuery("SELECT p.email FROM persons p JOIN person_roles r ON r.person_id = p.person_id"
                        + " JOIN person_sites s ON s.person_id = p.person_id WHERE s.site_id = :site AND r.role_id = :role"
                        + " AND p.enabled = TRUE AND p.deleted = FALSE ORDER BY p.email")
                .bind("site", siteId).bind("role", roleId).mapTo(String.class).list();
    }
}
