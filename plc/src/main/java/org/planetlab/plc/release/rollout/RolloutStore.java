package org.planetlab.plc.release.rollout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.plc.store.Rows;

/** Reads rollouts and their waves from the store. */
final class RolloutStore {
    private static final String COLUMNS = "rollout_id, release_number, from_release, state, wave, wave_opened, gate_seconds,"
            + " rollback_release, reason, created";

    private RolloutStore() {}

    /** Every rollout, newest first. */
    static List<Rollout> all(Handle db) {
        return read(db, "SELECT " + COLUMNS + " FROM rollouts ORDER BY rollout_id DESC", List.of());
    }

    /** The newest rollout: the one that decides what nodes are offered. */
    static Optional<Rollout> latest(Handle db) {
        return read(db, "SELECT " + COLUMNS + " FROM rollouts ORDER BY rollout_id DESC LIMIT 1", List.of()).stream().findFirst();
    }

    /** Whether the newest rollout is running: one row's one column, cheap enough to ask every second. */
    static boolean running(Handle db) {
        return db.createQuery("SELECT state FROM rollouts ORDER BY rollout_id DESC LIMIT 1").mapTo(String.class).findOne()
                .filter(RolloutState.RUNNING.wireName()::equals).isPresent();
    }

    private static List<Rollout> read(Handle db, String sql, List<Object> parameters) {
        record Row(long id, long release, long from, String state, int wave, long opened, long gate, Optional<Long> back,
                   String reason, long created) {}
        List<Row> rows = Rows.select(db, sql, parameters).map((row, context) -> {
            long back = row.getLong(8);
            Optional<Long> rollback = row.wasNull() ? Optional.empty() : Optional.of(back);
            return new Row(row.getLong(1), row.getLong(2), row.getLong(3), row.getString(4), row.getInt(5), row.getLong(6),
                    row.getLong(7), rollback, row.getString(9), row.getLong(10));
        }).list();
        List<Rollout> rollouts = new ArrayList<>();
        for (Row row : rows) {
            rollouts.add(new Rollout(row.id(), row.release(), row.from(), RolloutState.fromWireName(row.state()), row.wave(),
                    row.opened(), row.gate(), row.back(), row.reason(), row.created(), waves(db, row.id())));
        }
        return rollouts;
    }

    private static List<List<Long>> waves(Handle db, long rolloutId) {
        Map<Integer, List<Long>> waves = new LinkedHashMap<>();
        Rows.select(db, "SELECT wave, node_id FROM rollout_nodes WHERE rollout_id = ? ORDER BY wave, node_id", List.of(rolloutId))
                .map((row, context) -> Map.entry(row.getInt(1), row.getLong(2)))
                .forEach(entry -> waves.computeIfAbsent(entry.getKey(), key -> new ArrayList<>()).add(entry.getValue()));
        return List.copyOf(waves.values());
    }

    static void update(Handle db, long rolloutId, Map<String, Object> columns) {
        Rows.update(db, "rollouts", "rollout_id", rolloutId, columns);
    }
}
