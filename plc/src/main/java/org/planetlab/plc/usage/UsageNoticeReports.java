package org.planetlab.plc.usage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.plc.auth.Caller;

/**
 * The usage notices as GetNotifications lists them beside the monitor's escalation steps: a
 * sliver past its day's threshold, what it used, and the state of the mail that told its users.
 * A notice belongs to the slice's site and to the node's: the slice's PIs answer for it, the
 * node's technical contacts want to know who loads their machine. A notice is open during its
 * UTC day and ends with it, as a slice past a daily threshold is past it until the day is over.
 */
public final class UsageNoticeReports {
    private UsageNoticeReports() {}

    /**
     * The notices of {@code site} (the slice's or the node's), or of every site the caller may see
     * when empty; operators see every notice.
     *
     * @param openOnly only the notices of the day of {@code now}
     */
    public static List<Map<String, Object>> notices(Handle handle, Caller caller, Optional<Long> site, boolean openOnly,
            long now, int limit) {
        StringBuilder sql = new StringBuilder("SELECT u.notice_id, u.node_id, n.hostname, s.site_id, u.slice_id, s.name,"
                + " u.metric, u.amount, u.threshold, u.day_start, u.created FROM usage_notices u"
                + " JOIN nodes n ON n.node_id = u.node_id JOIN slices s ON s.slice_id = u.slice_id WHERE 1 = 1");
        if (site.isPresent()) {
            sql.append(" AND (s.site_id = :site OR n.site_id = :site)");
        } else if (!caller.isOperator()) {
            sql.append(" AND (s.site_id IN (<sites>) OR n.site_id IN (<sites>))");
        }
        if (openOnly) {
            sql.append(" AND u.day_start > :dayBefore");
        }
        sql.append(" ORDER BY u.created DESC, u.notice_id DESC LIMIT " + limit);
        var query = handle.createQuery(sql.toString());
        if (openOnly) {
            query.bind("dayBefore", now - UsageNotices.DAY_SECONDS);
        }
        site.ifPresent(id -> query.bind("site", id));
        if (site.isEmpty() && !caller.isOperator()) {
            query.bindList("sites", caller.siteIds());
        }
        List<Map<String, Object>> found = query.map((row, context) -> {
            Map<String, Object> wire = new LinkedHashMap<>();
            wire.put("kind", "usage");
            wire.put("notice_id", row.getLong(1));
            wire.put("node_id", row.getLong(2));
            wire.put("hostname", row.getString(3));
            wire.put("site_id", row.getLong(4));
            wire.put("slice_id", row.getLong(5));
            wire.put("slice_name", row.getString(6));
            wire.put("step", "notify_usage");
            wire.put("metric", row.getString(7));
            wire.put("amount", row.getLong(8));
            wire.put("threshold", row.getLong(9));
            long dayEnd = row.getLong(10) + UsageNotices.DAY_SECONDS;
            wire.put("raised_at", row.getLong(11));
            wire.put("ended_at", dayEnd <= now ? dayEnd : null);
            return wire;
        }).list();
        for (Map<String, Object> notice : found) {
            notice.put("mail", mail(handle, (Long) notice.get("notice_id")));
        }
        return found;
    }

    private static List<Map<String, Object>> mail(Handle handle, long noticeId) {
        List<Map<String, Object>> mail = new ArrayList<>();
        handle.createQuery("SELECT recipients, subject, sent_at, attempts, last_error FROM usage_mail"
                        + " WHERE notice_id = :id ORDER BY mail_id")
                .bind("id", noticeId)
                .map((row, context) -> {
                    Map<String, Object> wire = new LinkedHashMap<>();
                    wire.put("recipients", List.of(row.getString(1).split("\n")));
                    wire.put("subject", row.getString(2));
                    long sent = row.getLong(3);
                    wire.put("sent_at", row.wasNull() ? null : sent);
                    // Usage mail is never cancelled: the day's use stays past the threshold.
                    wire.put("cancelled_at", null);
                    wire.put("attempts", row.getLong(4));
                    wire.put("last_error", row.getString(5));
                    return wire;
                })
                .forEach(mail::add);
        return mail;
    }
}
