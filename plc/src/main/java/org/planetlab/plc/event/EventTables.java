package org.planetlab.plc.event;

import static org.planetlab.plc.store.ColumnKind.DOUBLE;
import static org.planetlab.plc.store.ColumnKind.INTEGER;
import static org.planetlab.plc.store.ColumnKind.TEXT;

import org.planetlab.api.event.EventApi;
import org.planetlab.plc.store.ColumnKind;
import org.planetlab.plc.store.JoinList;
import org.planetlab.plc.store.ObjectTable;

/** How the event log is stored, as PLCAPI's GetEvents sees it. */
public final class EventTables {
    private EventTables() {}

    public static final ObjectTable EVENTS = ObjectTable.builder(EventApi.EVENT, "events", "event_id")
            .plain(INTEGER, "event_id", "person_id", "node_id", "fault_code", "time")
            .plain(TEXT, "auth_type", "call_name", "message")
            .column("call", "t.call_args", TEXT)
            .plain(DOUBLE, "runtime")
            .join(new JoinList("object_types", "event_objects j", "j.event_id", "j.object_type", "j.position",
                    ColumnKind.TEXT))
            .join(new JoinList("object_ids", "event_objects j", "j.event_id", "j.object_id", "j.position",
                    ColumnKind.INTEGER))
            .build();
}
