package org.planetlab.plc.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.StringJoiner;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * The archive's queries: each reads the day tables a window can touch (a record starts at most
 * {@link DayTables#MAX_RECORD_MILLIS} before the window), with every value bound as a parameter.
 */
final class DuckDbReads {
    /**
     * One value for each remote address text: the key with the text if it is spelt otherwise than
     * the key's rendering (never empty), so counting these counts the texts.
     */
    private static final String REMOTE_TEXT = "(remote_high, remote_low, coalesce(remote_spelling, ''))";
    /** Opens a connection of the reader's own. */
    interface Connections {
        Connection open() throws SQLException;
    }

    private final Connections connections;
    private final NavigableSet<Integer> days;
    private final FlowContexts contexts;

    DuckDbReads(Connections connections, NavigableSet<Integer> days, FlowContexts contexts) {
        this.connections = connections;
        this.days = days;
        this.contexts = contexts;
    }

    List<FlowRecord> flows(FlowQuery query) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder condition = new StringBuilder(window(query.fromMillis(), query.toMillis(), parameters));
        query.remoteAddress().ifPresent(address -> {
            Addresses.Key key = Addresses.key(address);
            condition.append(" AND remote_high = ? AND remote_low = ?");
            parameters.add(key.high());
            parameters.add(key.low());
        });
        query.sliceId().ifPresent(slice -> add(condition, parameters, " AND slice_id = ?", slice));
        query.remotePort().ifPresent(port -> add(condition, parameters, " AND remote_port = ?", port));
        query.protocol().ifPresent(protocol -> add(condition, parameters, " AND protocol = ?", protocol));
        query.nodeId().ifPresent(node -> add(condition, parameters, " AND node_id = ?", node));
        String union = union(query.fromMillis(), query.toMillis(), DayTables.FLOW_COLUMNS, condition.toString(),
                parameters);
        if (union.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT " + DayTables.FLOW_COLUMNS + " FROM (" + union + ") ORDER BY start_ms DESC, node_id"
                + " LIMIT " + query.limit();
        return run(sql, parameters, rows -> {
            FlowContexts.Context context = contexts.get(rows.getInt(3));
            String spelling = rows.getString(12);
            String remote = spelling != null ? spelling : Addresses.render(rows.getLong(10), rows.getLong(11));
            return new FlowRecord(rows.getInt(1), rows.getInt(2), context.sliceName,
                    rows.getBoolean(4) ? FlowRecord.Direction.OUTBOUND : FlowRecord.Direction.INBOUND, rows.getInt(5),
                    rows.getLong(6), rows.getLong(7), context.sliverAddress, rows.getInt(8), context.publicAddress,
                    rows.getInt(9), remote, rows.getInt(13), rows.getLong(14), rows.getLong(15), rows.getLong(16),
                    rows.getLong(17), rows.getInt(18), rows.getBoolean(19));
        });
    }

    List<FlowArchive.TrafficHour> sliceTraffic(int sliceId, long fromMillis, long toMillis) {
        List<Object> parameters = new ArrayList<>();
        String condition = window(fromMillis, toMillis, parameters) + " AND slice_id = ?";
        parameters.add(sliceId);
        String union = union(fromMillis, toMillis, "start_ms, remote_high, remote_low, remote_spelling, bytes_out,"
                + " bytes_in, packets_out, packets_in", condition, parameters);
        if (union.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT start_ms // 3600000 * 3600000 AS hour, sum(bytes_out), sum(bytes_in), sum(packets_out),"
                + " sum(packets_in), count(*), count(DISTINCT " + REMOTE_TEXT + ") FROM (" + union + ") GROUP BY hour"
                + " ORDER BY hour";
        return run(sql, parameters, rows -> new FlowArchive.TrafficHour(rows.getLong(1), rows.getLong(2),
                rows.getLong(3), rows.getLong(4), rows.getLong(5), rows.getLong(6), rows.getLong(7)));
    }

    List<FlowArchive.TopTalker> topTalkers(long fromMillis, long toMillis, int limit, List<Integer> onlySliceIds) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder condition = new StringBuilder(window(fromMillis, toMillis, parameters));
        if (!onlySliceIds.isEmpty()) {
            condition.append(" AND slice_id IN (").append("?, ".repeat(onlySliceIds.size() - 1)).append("?)");
            parameters.addAll(onlySliceIds);
        }
        String union = union(fromMillis, toMillis, "slice_id, context_id, remote_high, remote_low, remote_spelling,"
                + " bytes_out, bytes_in, packets_out, packets_in", condition.toString(), parameters);
        if (union.isEmpty()) {
            return List.of();
        }
        // The slice's name: the greatest of the names its flows carry (a slice's name does not change).
        String sql = "SELECT slice_id, list(DISTINCT context_id), sum(bytes_out + bytes_in) AS bytes,"
                + " sum(packets_out + packets_in), count(*), count(DISTINCT " + REMOTE_TEXT + ") FROM (" + union
                + ") GROUP BY slice_id ORDER BY bytes DESC, slice_id LIMIT " + limit;
        return run(sql, parameters, rows -> new FlowArchive.TopTalker(rows.getInt(1), sliceName(rows.getArray(2)),
                rows.getLong(3), rows.getLong(4), rows.getLong(5), rows.getLong(6)));
    }

    private String sliceName(java.sql.Array contextIds) throws SQLException {
        String name = null;
        for (Object id : (Object[]) contextIds.getArray()) {
            String candidate = contexts.get(((Number) id).intValue()).sliceName;
            if (name == null || candidate.compareTo(name) > 0) {
                name = candidate;
            }
        }
        return name;
    }

    /** Records overlapping the window; the lower bound on the start lets zone maps skip blocks. */
    private static String window(long fromMillis, long toMillis, List<Object> parameters) {
        parameters.add(fromMillis - DayTables.MAX_RECORD_MILLIS);
        parameters.add(toMillis);
        parameters.add(fromMillis);
        return "start_ms >= ? AND start_ms <= ? AND end_ms >= ?";
    }

    private static void add(StringBuilder condition, List<Object> parameters, String text, Object value) {
        condition.append(text);
        parameters.add(value);
    }

    /** The query over every day table the window can touch; the parameters repeat once per table. */
    private String union(long fromMillis, long toMillis, String columns, String condition, List<Object> parameters) {
        int first = DayTables.day(Math.max(0, fromMillis - DayTables.MAX_RECORD_MILLIS));
        int last = DayTables.day(toMillis);
        NavigableSet<Integer> touched = days.subSet(first, true, last, true);
        List<Object> once = List.copyOf(parameters);
        parameters.clear();
        StringJoiner union = new StringJoiner(" UNION ALL ");
        for (int day : touched) {
            union.add("SELECT " + columns + " FROM " + DayTables.table(day) + " WHERE " + condition);
            parameters.addAll(once);
        }
        return union.toString();
    }

    private interface RowReader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private <T> List<T> run(String sql, List<Object> parameters, RowReader<T> reader) {
        try (Connection connection = connections.open(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int index = 0; index < parameters.size(); index++) {
                statement.setObject(index + 1, parameters.get(index));
            }
            List<T> answer = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    answer.add(reader.read(rows));
                }
            }
            return answer;
        } catch (SQLException e) {
            throw new PlanetLabException(ErrorCode.DATABASE_ERROR, "the flow archive could not answer: "
                    + e.getMessage(), e);
        }
    }
}
