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
    /** Opens a connection of the reader's own. */
    interface Connections {
        Connection open() throws SQLException;
    }

    private final Connections connections;
    private final NavigableSet<Integer> days;

    DuckDbReads(Connections connections, NavigableSet<Integer> days) {
        this.connections = connections;
        this.days = days;
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
        return run(sql, parameters, rows -> new FlowRecord(rows.getInt(1), rows.getInt(2), rows.getString(3),
                rows.getBoolean(4) ? FlowRecord.Direction.OUTBOUND : FlowRecord.Direction.INBOUND, rows.getInt(5),
                rows.getLong(6), rows.getLong(7), rows.getString(8), rows.getInt(9), rows.getString(10),
                rows.getInt(11), rows.getString(12), rows.getInt(13), rows.getLong(14), rows.getLong(15),
                rows.getLong(16), rows.getLong(17), rows.getInt(18), rows.getBoolean(19)));
    }

    List<FlowArchive.TrafficHour> sliceTraffic(int sliceId, long fromMillis, long toMillis) {
        List<Object> parameters = new ArrayList<>();
        String condition = window(fromMillis, toMillis, parameters) + " AND slice_id = ?";
        parameters.add(sliceId);
        String union = union(fromMillis, toMillis, "start_ms, remote_address, bytes_out, bytes_in, packets_out,"
                + " packets_in", condition, parameters);
        if (union.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT start_ms // 3600000 * 3600000 AS hour, sum(bytes_out), sum(bytes_in), sum(packets_out),"
                + " sum(packets_in), count(*), count(DISTINCT remote_address) FROM (" + union + ") GROUP BY hour"
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
        String union = union(fromMillis, toMillis, "slice_id, slice_name, remote_address, bytes_out, bytes_in,"
                + " packets_out, packets_in", condition.toString(), parameters);
        if (union.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT slice_id, max(slice_name), sum(bytes_out + bytes_in) AS bytes, sum(packets_out + packets_in),"
                + " count(*), count(DISTINCT remote_address) FROM (" + union + ") GROUP BY slice_id"
                + " ORDER BY bytes DESC, slice_id LIMIT " + limit;
        return run(sql, parameters, rows -> new FlowArchive.TopTalker(rows.getInt(1), rows.getString(2),
                rows.getLong(3), rows.getLong(4), rows.getLong(5), rows.getLong(6)));
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
