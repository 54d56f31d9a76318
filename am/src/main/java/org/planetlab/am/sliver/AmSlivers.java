package org.planetlab.am.sliver;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The {@code am_slivers} table (migration V7): read and written inside PLC's transactions, so a
 * sliver's record changes together with the slice it belongs to.
 */
public final class AmSlivers {
    private static final String COLUMNS = "sliver_urn, slice_id, node_id, client_id, allocation_state, allocation_expires, attributes";

    private AmSlivers() {
    }

    public static List<AmSliver> ofSlice(Handle handle, long sliceId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM am_slivers WHERE slice_id = :slice ORDER BY node_id")
                .bind("slice", sliceId)
                .map(AmSlivers::row)
                .list();
    }

    /** Allocations not provisioned whose time ran out at {@code now}, of one slice or of every slice. */
    public static List<AmSliver> lapsed(Handle handle, Optional<Long> sliceId, long now) {
        Query query = handle.createQuery("SELECT " + COLUMNS + " FROM am_slivers WHERE allocation_state = :allocated"
                        + " AND allocation_expires <= :now" + (sliceId.isPresent() ? " AND slice_id = :slice" : "")
                        + " ORDER BY slice_id, node_id")
                .bind("allocated", AmSliver.ALLOCATED).bind("now", now);
        sliceId.ifPresent(slice -> query.bind("slice", slice));
        return query.map(AmSlivers::row).list();
    }

    public static void insert(Handle handle, AmSliver sliver, long now) {
        handle.createUpdate("INSERT INTO am_slivers (" + COLUMNS + ", created) VALUES (:urn, :slice, :node, :client,"
                        + " :state, :expires, :attributes, :created)")
                .bind("urn", sliver.sliverUrn()).bind("slice", sliver.sliceId()).bind("node", sliver.nodeId())
                .bind("client", sliver.clientId().orElse(null)).bind("state", sliver.allocationState())
                .bind("expires", sliver.allocationExpires()).bind("attributes", encode(sliver.attributes())).bind("created", now)
                .execute();
    }

    public static void update(Handle handle, String sliverUrn, String state, long expires) {
        handle.createUpdate("UPDATE am_slivers SET allocation_state = :state, allocation_expires = :expires WHERE sliver_urn = :urn")
                .bind("state", state).bind("expires", expires).bind("urn", sliverUrn).execute();
    }

    public static void delete(Handle handle, String sliverUrn) {
        handle.createUpdate("DELETE FROM am_slivers WHERE sliver_urn = :urn").bind("urn", sliverUrn).execute();
    }

    private static AmSliver row(ResultSet row, StatementContext context) throws SQLException {
        return new AmSliver(row.getString(1), row.getLong(2), row.getLong(3), Optional.ofNullable(row.getString(4)),
                row.getString(5), row.getLong(6), decode(row.getString(7)));
    }

    /** Attributes as {@code name=value&...}, both URL-encoded (a bootscript may hold any character). */
    static String encode(Map<String, String> attributes) {
        StringBuilder text = new StringBuilder();
        attributes.forEach((name, value) -> text.append(text.isEmpty() ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return text.toString();
    }

    static Map<String, String> decode(String text) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return attributes;
        }
        for (String pair : text.split("&")) {
            int equals = pair.indexOf('=');
            attributes.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return attributes;
    }
}
