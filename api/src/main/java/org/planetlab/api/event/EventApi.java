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

/** The event log: one record for each state-changing call, successful or not. */
public final class EventApi {
    private EventApi() {}

    public static final StructType EVENT = StructType.of("Event",
            readOnly("event_id", IntType.ID, "event identifier"),
            readOnly("person_id", new NullableType(IntType.ID), "the calling person"),
            readOnly("node_id", new NullableType(IntType.ID), "the calling node"),
            readOnly("auth_type", StringType.max(20), "how the caller authenticated"),
            readOnly("fault_code", IntType.ANY, "0 for success, else the fault code"),
            readOnly("call_name", StringType.max(64), "the method"),
            readOnly("call", StringType.max(65_536), "the arguments, with secrets removed"),
            readOnly("message", StringType.max(65_536), "what happened"),
            readOnly("runtime", DoubleType.ANY, "seconds the call took"),
            readOnly("time", IntType.TIMESTAMP, "when"),
            readOnly("object_types", ArrayType.of(StringType.max(32)), "types of the objects affected"),
            readOnly("object_ids", ArrayType.of(IntType.ID), "ids of the objects affected, in the same order"));

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("GetEvents").roles(ADMIN)
                    .optionalParam("event_filter", new FilterType(EVENT, "event_id", null),
                            "event_ids or a struct of conditions, e.g. {'>time': t, 'call_name': 'DeleteSlice'}")
                    .optionalParam("return_fields", Arguments.RETURN_FIELDS, Arguments.RETURN_FIELDS_DOC)
                    .returns(ArrayType.of(EVENT), "the matching events, oldest first")
                    .help("Returns the event log: who did what, when, to which objects.")
                    .build());
}
