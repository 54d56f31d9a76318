package org.planetlab.plc.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.planetlab.api.audit.FlowRecord;

/**
 * What a flow shares with every other flow of its sliver on its node: the node, the slice, the
 * slice's name, the sliver's address and the node's public address the flow appeared under. Each
 * such combination (a handful per node) is stored once, in {@code flow_contexts}, under an integer
 * id the day tables' rows carry, so a row holds no text: storing a row's four text columns was
 * most of DuckDB's cost of a row.
 *
 * <p>Ids are given out under the archive's load lock and committed before any row referring to
 * them; a context is never changed or removed (one with no rows left costs a row of this table).
 */
final class FlowContexts {
    static final String TABLE = "flow_contexts";
    static final String DDL = "CREATE TABLE IF NOT EXISTS " + TABLE + " (context_id INTEGER PRIMARY KEY,"
            + " node_id INTEGER NOT NULL, slice_id INTEGER NOT NULL, slice_name VARCHAR NOT NULL,"
            + " sliver_address VARCHAR NOT NULL, public_address VARCHAR NOT NULL)";
    /** The columns that make a context, as the old day tables and {@link #TABLE} name them. */
    static final String KEY_COLUMNS = "node_id, slice_id, slice_name, sliver_address, public_address";
    private static final int ROWS_PER_STATEMENT = 200;

    /** One context; its id is set once it is stored. Equal by its values, not its id. */
    static final class Context {
        final int nodeId;
        final int sliceId;
        final String sliceName;
        final String sliverAddress;
        final String publicAddress;
        /** The stored id, or 0 before it has one; set under the load lock before the rows are written. */
        int id;

        Context(int nodeId, int sliceId, String sliceName, String sliverAddress, String publicAddress) {
            this.nodeId = nodeId;
            this.sliceId = sliceId;
            this.sliceName = sliceName;
            this.sliverAddress = sliverAddress;
            this.publicAddress = publicAddress;
        }

        static Context of(FlowRecord record) {
            return new Context(record.nodeId(), record.sliceId(), record.sliceName(), record.sliverAddress(),
                    record.publicAddress());
        }

        boolean matches(FlowRecord record) {
            return nodeId == record.nodeId() && sliceId == record.sliceId() && sliceName.equals(record.sliceName())
                    && sliverAddress.equals(record.sliverAddress()) && publicAddress.equals(record.publicAddress());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Context context && nodeId == context.nodeId && sliceId == context.sliceId
                    && sliceName.equals(context.sliceName) && sliverAddress.equals(context.sliverAddress)
                    && publicAddress.equals(context.publicAddress);
        }

        @Override
        public int hashCode() {
            return Objects.hash(nodeId, sliceId, sliceName, sliverAddress, publicAddress);
        }
    }

    /** Under the load lock. */
    private final Map<Context, Integer> ids = new HashMap<>();
    /** Read by queries without the lock. */
    private final Map<Integer, Context> byId = new ConcurrentHashMap<>();
    private int highestId;

    private FlowContexts() {}

    /** Creates the table if missing and reads the stored contexts. */
    static FlowContexts open(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(DDL);
        }
        FlowContexts contexts = new FlowContexts();
        contexts.reload(connection);
        return contexts;
    }

    /** Reads the contexts stored since, after they were added by SQL (bulk loads, conversions). */
    void reload(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT context_id, " + KEY_COLUMNS + " FROM " + TABLE)) {
            while (rows.next()) {
                int id = rows.getInt(1);
                if (!byId.containsKey(id)) {
                    Context context = new Context(rows.getInt(2), rows.getInt(3), rows.getString(4), rows.getString(5),
                            rows.getString(6));
                    context.id = id;
                    ids.put(context, id);
                    byId.put(id, context);
                }
                highestId = Math.max(highestId, id);
            }
        }
    }

    /** The stored context with this id. */
    Context get(int id) {
        Context context = byId.get(id);
        if (context == null) {
            throw new IllegalStateException("the flow archive has no context " + id);
        }
        return context;
    }

    /**
     * Gives every context an id, storing (committing, on {@code connection} in autocommit) those
     * never seen before. Under the load lock. If storing fails, no context gets a new id.
     */
    void resolve(Connection connection, List<Context> contexts) throws SQLException {
        List<Context> fresh = new ArrayList<>();
        Map<Context, Integer> freshIds = new HashMap<>();
        int next = highestId;
        for (Context context : contexts) {
            if (context.id != 0) {
                continue;
            }
            Integer id = ids.get(context);
            if (id == null) {
                id = freshIds.get(context);
            }
            if (id == null) {
                id = ++next;
                freshIds.put(context, id);
                fresh.add(context);
            }
            context.id = id;
        }
        if (fresh.isEmpty()) {
            return;
        }
        try {
            for (int first = 0; first < fresh.size(); first += ROWS_PER_STATEMENT) {
                insert(connection, fresh.subList(first, Math.min(fresh.size(), first + ROWS_PER_STATEMENT)), freshIds);
            }
        } catch (SQLException | RuntimeException e) {
            for (Context context : contexts) {
                if (!ids.containsKey(context)) {
                    context.id = 0;
                }
            }
            throw e;
        }
        for (Context context : fresh) {
            int id = freshIds.get(context);
            ids.put(context, id);
            byId.put(id, context);
        }
        highestId = next;
    }

    private static void insert(Connection connection, List<Context> contexts, Map<Context, Integer> freshIds)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE + " (context_id, "
                + KEY_COLUMNS + ") VALUES " + String.join(", ", Collections.nCopies(contexts.size(),
                "(?, ?, ?, ?, ?, ?)")))) {
            int parameter = 0;
            for (Context context : contexts) {
                insert.setInt(++parameter, freshIds.get(context));
                insert.setInt(++parameter, context.nodeId);
                insert.setInt(++parameter, context.sliceId);
                insert.setString(++parameter, context.sliceName);
                insert.setString(++parameter, context.sliverAddress);
                insert.setString(++parameter, context.publicAddress);
            }
            insert.executeUpdate();
        }
    }

    /**
     * The statement storing, in the connection's transaction, the contexts of the flows of
     * {@code source} (a table or a subquery with an alias, with the columns of {@link #KEY_COLUMNS})
     * that are not stored yet; call {@link #reload} once it committed.
     */
    static String insertMissing(String source) {
        return "INSERT INTO " + TABLE + " SELECT (SELECT coalesce(max(context_id), 0) FROM " + TABLE
                + ") + row_number() OVER (ORDER BY " + KEY_COLUMNS + "), " + KEY_COLUMNS + " FROM (SELECT DISTINCT "
                + KEY_COLUMNS + " FROM " + source + " EXCEPT SELECT " + KEY_COLUMNS + " FROM " + TABLE + ")";
    }
}
