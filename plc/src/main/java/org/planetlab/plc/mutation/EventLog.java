package org.planetlab.plc.mutation;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.wire.JsonCodec;
import org.planetlab.plc.change.ObjectRef;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.store.Database;

/**
 * Appends to the event log, for the {@link MutationPath} alone: who called which state-changing
 * method, when, with which arguments (secrets removed), what happened and which objects it
 * touched. GetEvents reads it (package event).
 */
public final class EventLog {
    private static final Set<String> SECRET_FIELDS = Set.of("password", "AuthString", "session", "signature", "key_text");
    private static final int MAX_TEXT = 65_536;

    private final JsonCodec json = new JsonCodec();

    /** One entry to append. */
    public record Entry(Caller caller, String methodName, List<Object> args, int faultCode, String message,
            double runtimeSeconds, long time, List<ObjectRef> objects) {
        public Entry {
            requireNonNull(caller, "caller is null");
            requireNonNull(methodName, "methodName is null");
            args = java.util.Collections.unmodifiableList(new ArrayList<>(args));
            requireNonNull(message, "message is null");
            objects = List.copyOf(objects);
        }
    }

    public void append(Handle handle, Entry entry) {
        long eventId = Database.nextId(handle, "events");
        handle.createUpdate("INSERT INTO events (event_id, time, person_id, node_id, auth_type, fault_code, call_name,"
                        + " call_args, message, runtime) VALUES (:id, :time, :person, :node, :auth, :fault, :name, :args,"
                        + " :message, :runtime)")
                .bind("id", eventId)
                .bind("time", entry.time())
                .bind("person", entry.caller().personId().orElse(null))
                .bind("node", entry.caller().nodeId().orElse(null))
                .bind("auth", entry.caller().authMethod())
                .bind("fault", entry.faultCode())
                .bind("name", entry.methodName())
                .bind("args", truncate(new String(json.write(redact(entry.args())), StandardCharsets.UTF_8)))
                .bind("message", truncate(entry.message()))
                .bind("runtime", entry.runtimeSeconds())
                .execute();
        int position = 0;
        for (ObjectRef object : entry.objects()) {
            handle.createUpdate("INSERT INTO event_objects (event_id, position, object_type, object_id)"
                            + " VALUES (:event, :position, :type, :id)")
                    .bind("event", eventId)
                    .bind("position", position++)
                    .bind("type", object.type().wireName())
                    .bind("id", object.id())
                    .execute();
        }
    }

    /** A copy of the arguments with the values of secret fields replaced. */
    static Object redact(Object value) {
        return switch (value) {
            case Map<?, ?> map -> {
                Map<String, Object> copy = new LinkedHashMap<>();
                map.forEach((key, element) -> copy.put(String.valueOf(key),
                        SECRET_FIELDS.contains(String.valueOf(key)) ? "(removed)" : redact(element)));
                yield copy;
            }
            case List<?> list -> {
                List<Object> copy = new ArrayList<>(list.size());
                list.forEach(element -> copy.add(redact(element)));
                yield copy;
            }
            case null, default -> value;
        };
    }

    private static String truncate(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "...";
    }
}
