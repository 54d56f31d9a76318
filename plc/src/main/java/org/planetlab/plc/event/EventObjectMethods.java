package org.planetlab.plc.event;

import static org.planetlab.plc.store.ColumnKind.DOUBLE;
import static org.planetlab.plc.store.ColumnKind.INTEGER;
import static org.planetlab.plc.store.ColumnKind.TEXT;

import org.planetlab.api.event.EventObjectApi;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.store.ObjectTable;
import org.planetlab.plc.store.QueryEngine;

/** GetEventObjects: the event log one affected object per row, for operators. */
public final class EventObjectMethods {
    private static final String EVENT = "(SELECT e.%s FROM events e WHERE e.event_id = t.event_id)";

    static final ObjectTable EVENT_OBJECTS = ObjectTable.builder(EventObjectApi.EVENT_OBJECT, "event_objects",
                    "event_id")
            .plain(INTEGER, "event_id", "object_id")
            .plain(TEXT, "object_type")
            .column("person_id", EVENT.formatted("person_id"), INTEGER)
            .column("node_id", EVENT.formatted("node_id"), INTEGER)
            .column("fault_code", EVENT.formatted("fault_code"), INTEGER)
            .column("time", EVENT.formatted("time"), INTEGER)
            .column("call_name", EVENT.formatted("call_name"), TEXT)
            .column("call", EVENT.formatted("call_args"), TEXT)
            .column("message", EVENT.formatted("message"), TEXT)
            .column("runtime", EVENT.formatted("runtime"), DOUBLE)
            .build();

    public void register(MethodRegistry registry) {
        registry.bind("GetEventObjects", call -> QueryEngine.get(call.db(), EVENT_OBJECTS,
                (Filter) call.optionalArg(0).orElse(Filter.ALL), call.returnFields(1), QueryEngine.Access.OPERATOR));
    }
}
