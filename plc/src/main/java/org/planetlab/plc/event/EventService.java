package org.planetlab.plc.event;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.Permissions;
import org.planetlab.plc.change.ObjectRef;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.store.ColumnKind;
import org.planetlab.plc.store.Database;

/**
 * Typed reading of the event log ({@link org.planetlab.plc.mutation.EventLog} writes it), for
 * operators and PLC's own readers: a portal's history pages, a monitor. Answers are newest first
 * and bounded by the query's limit. The arguments recorded have had their secrets removed when
 * they were written.
 */
public final class EventService {
    /** How many event ids one query for their objects names, well below every store's limit. */
    private static final int CHUNK = 500;

    private final Database database;

    public EventService(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    /** The events matching {@code query}, newest first, in a read transaction of their own. */
    public List<EventRecord> events(Caller caller, EventQuery query) {
        return database.read(handle -> events(handle, caller, query));
    }

    /** The events matching {@code query}, newest first, read in {@code handle}'s transaction. */
    public List<EventRecord> events(Handle handle, Caller caller, EventQuery query) {
        requireNonNull(query, "query is null");
        Permissions.requireOperator(caller, "GetEvents");
        StringBuilder sql = new StringBuilder("SELECT e.event_id, e.time, e.person_id, e.node_id, e.auth_type,"
                + " e.fault_code, e.call_name, e.call_args, e.message, e.runtime FROM events e WHERE 1 = 1");
        Map<String, Object> parameters = new HashMap<>();
        query.personId().ifPresent(id -> condition(sql, parameters, "e.person_id = :person", "person", id));
        query.nodeId().ifPresent(id -> condition(sql, parameters, "e.node_id = :node", "node", id));
        query.callName().ifPresent(name -> condition(sql, parameters, "e.call_name = :call", "call", name));
        query.since().ifPresent(time -> condition(sql, parameters, "e.time >= :since", "since", time));
        query.until().ifPresent(time -> condition(sql, parameters, "e.time < :until", "until", time));
        query.beforeEventId().ifPresent(id -> condition(sql, parameters, "e.event_id < :before", "before", id));
        query.objectType().ifPresent(type -> {
            sql.append(" AND EXISTS (SELECT 1 FROM event_objects o WHERE o.event_id = e.event_id"
                    + " AND o.object_type = :type");
            parameters.put("type", type.wireName());
            query.objectId().ifPresent(id -> {
                sql.append(" AND o.object_id = :object");
                parameters.put("object", id);
            });
            sql.append(')');
        });
        sql.append(" ORDER BY e.event_id DESC LIMIT :limit");
        parameters.put("limit", query.limit());
        List<EventRow> rows = handle.createQuery(sql.toString()).bindMap(parameters)
                .map((row, context) -> new EventRow(row.getLong(1), row.getLong(2),
                        Optional.ofNullable((Long) ColumnKind.INTEGER.read(row, 3)),
                        Optional.ofNullable((Long) ColumnKind.INTEGER.read(row, 4)), row.getString(5), row.getLong(6),
                        row.getString(7), row.getString(8), row.getString(9), row.getDouble(10)))
                .list();
        Map<Long, List<ObjectRef>> objects = objects(handle, rows.stream().map(EventRow::eventId).toList());
        return rows.stream().map(row -> new EventRecord(row.eventId(), row.time(), row.personId(), row.nodeId(),
                row.authType(), row.faultCode(), row.callName(), row.arguments(), row.message(), row.runtime(),
                objects.getOrDefault(row.eventId(), List.of()))).toList();
    }

    private static void condition(StringBuilder sql, Map<String, Object> parameters, String condition, String name,
            Object value) {
        sql.append(" AND ").append(condition);
        parameters.put(name, value);
    }

    /** The objects each event touched, in the order it recorded them. */
    private static Map<Long, List<ObjectRef>> objects(Handle handle, List<Long> eventIds) {
        Map<Long, List<ObjectRef>> objects = new HashMap<>();
        for (int start = 0; start < eventIds.size(); start += CHUNK) {
            List<Long> chunk = eventIds.subList(start, Math.min(eventIds.size(), start + CHUNK));
            Query query = handle.createQuery("SELECT event_id, object_type, object_id FROM event_objects"
                    + " WHERE event_id IN (" + "?, ".repeat(chunk.size() - 1) + "?) ORDER BY event_id, position");
            for (int index = 0; index < chunk.size(); index++) {
                query.bind(index, chunk.get(index));
            }
            query.map((row, context) -> {
                String wireName = row.getString(2);
                ObjectType type = ObjectType.fromWireName(wireName).orElseThrow(() -> new IllegalStateException(
                        "the event log names an unknown object type \"" + wireName + "\""));
                objects.computeIfAbsent(row.getLong(1), id -> new ArrayList<>()).add(new ObjectRef(type,
                        row.getLong(3)));
                return Boolean.TRUE;
            }).list();
        }
        return objects;
    }

    private record EventRow(long eventId, long time, Optional<Long> personId, Optional<Long> nodeId, String authType,
            long faultCode, String callName, String arguments, String message, double runtime) {}
}
