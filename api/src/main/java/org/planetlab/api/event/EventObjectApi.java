package org.planetlab.api.event;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.schema.Field.readOnly;

import java.util.List;
import org.planetlab.api.method.Arguments;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.DoubleType;
import org.planetlab.api.schema.FilterType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;

/** The event log one affected object per row, as PLCAPI's GetEventObjects gives it. */
public final class EventObjectApi {
    private EventObjectApi() {}

    public static final StructType EVENT_OBJECT = StructType.of("EventObject",
            readOnly("event_id", IntType.ID, "the event"),
            readOnly("person_id", new NullableType(IntType.ID), "the calling person"),
            readOnly("node_id", new NullableType(IntType.ID), "the calling node"),
            readOnly("fault_code", IntType.ANY, "0 for success, else the fault code"),
            readOnly("call_name", StringType.max(64), "the method"),
            readOnly("call", StringType.max(65_536), "the arguments, with secrets removed"),
            readOnly("message", StringType.max(65_536), "what happened"),
            readOnly("runtime", DoubleType.ANY, "seconds the call took"),
            readOnly("time", IntType.TIMESTAMP, "when"),
            readOnly("object_id", IntType.ID, "an object the event affected"),
            readOnly("object_type", StringType.max(32), "its type, e.g. Slice"));

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("GetEventObjects").roles(ADMIN)
                    .optionalParam("event_filter", new FilterType(EVENT_OBJECT, "event_id", null),
                            "event_ids or a struct of conditions, e.g. {'object_type': 'Slice', 'object_id': 12}")
                    .optionalParam("return_fields", Arguments.RETURN_FIELDS, Arguments.RETURN_FIELDS_DOC)
                    .returns(ArrayType.of(EVENT_OBJECT), "one row per event and object it affected")
                    .help("Returns the event log by affected object: who changed this object, when, with which call.")
                    .build());
}
