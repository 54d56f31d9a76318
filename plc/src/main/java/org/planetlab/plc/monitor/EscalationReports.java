package org.planetlab.plc.monitor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.site.Sites;
import org.planetlab.plc.usage.UsageNoticeReports;

/**
 * GetNotifications: the monitor's escalation steps and the usage notices, with the state of the
 * mail each sent, newest first. Operators see every site's; PIs and technical contacts their own
 * sites'.
 */
public final class EscalationReports {
    private static final int LIMIT = 1000;

    private EscalationReports() {}

    public static List<Map<String, Object>> notifications(Handle handle, Caller caller, Optional<Object> site, boolean openOnly,
            long now) {
        if (!caller.isOperator() && caller.siteIds().isEmpty()) {
            throw PlanetLabException.permissionDenied("GetNotifications: " + caller.describe() + " belongs to no site");
        }
        Optional<Long> siteId = site.map(reference -> Sites.require(handle, reference).siteId());
        if (siteId.isPresent() && !caller.isOperator() && !caller.isAtSite(siteId.get())) {
            throw PlanetLabException.permissionDenied("GetNotifications: " + caller.describe()
                    + " may see the notifications of its own sites only");
        }
        StringBuilder sql = new StringBuilder("SELECT e.escalation_id, e.node_id, n.hostname, e.site_id, e.step,"
                + " e.down_since, e.raised_at, e.ended_at FROM monitor_escalations e JOIN nodes n ON n.node_id = e.node_id"
                + " WHERE 1 = 1");
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (siteId.isPresent()) {
            sql.append(" AND e.site_id = :site");
            parameters.put("site", siteId.get());
        } else if (!caller.isOperator()) {
            sql.append(" AND e.site_id IN (<sites>)");
        }
        if (openOnly) {
            sql.append(" AND e.ended_at IS NULL");
        }
        sql.append(" ORDER BY e.raised_at DESC, e.escalation_id DESC LIMIT " + LIMIT);
        var query = handle.createQuery(sql.toString());
        parameters.forEach(query::bind);
        if (siteId.isEmpty() && !caller.isOperator()) {
            query.bindList("sites", caller.siteIds());
        }
        List<Map<String, Object>> found = query.map((row, context) -> {
            Map<String, Object> wire = new LinkedHashMap<>();
            wire.put("kind", "escalation");
            wire.put("escalation_id", row.getLong(1));
            wire.put("node_id", row.getLong(2));
            wire.put("hostname", row.getString(3));
            wire.put("site_id", row.getLong(4));
            wire.put("step", row.getString(5));
            wire.put("down_since", row.getLong(6));
            wire.put("raised_at", row.getLong(7));
            long ended = row.getLong(8);
            wire.put("ended_at", row.wasNull() ? null : ended);
            return wire;
        }).list();
        for (Map<String, Object> escalation : found) {
            escalation.put("mail", mail(handle, (Long) escalation.get("escalation_id")));
        }
        List<Map<String, Object>> all = new ArrayList<>(found);
        all.addAll(UsageNoticeReports.notices(handle, caller, siteId, openOnly, now, LIMIT));
        all.sort(Comparator.comparingLong((Map<String, Object> notification) -> (Long) notification.get("raised_at"))
                .reversed());
        return List.copyOf(all.subList(0, Math.min(LIMIT, all.size())));
    }

    private static List<Map<String, Object>> mail(Handle handle, long escalationId) {
        List<Map<String, Object>> mail = new ArrayList<>();
        handle.createQuery("SELECT recipients, subject, sent_at, cancelled_at, attempts, last_error FROM escalation_mail"
                        + " WHERE escalation_id = :id ORDER BY mail_id")
                .bind("id", escalationId)
                .map((row, context) -> {
                    Map<String, Object> wire = new LinkedHashMap<>();
                    wire.put("recipients", List.of(row.getString(1).split("\n")));
                    wire.put("subject", row.getString(2));
                    long sent = row.getLong(3);
                    wire.put("sent_at", row.wasNull() ? null : sent);
                    long cancelled = row.getLong(4);
                    wire.put("cancelled_at", row.wasNull() ? null : cancelled);
                    wire.put("attempts", row.getLong(5));
                    wire.put("last_error", row.getString(6));
                    return wire;
                })
                .forEach(mail::add);
        return mail;
    }
}
