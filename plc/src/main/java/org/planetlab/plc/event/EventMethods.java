package org.planetlab.plc.event;

import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.store.QueryEngine;

/**
 * GetEvents: PLCAPI's query over the event log, for operators. Its filters and return fields are
 * PLCAPI's general ones, answered by the query engine; typed readers use {@link EventService}.
 */
public final class EventMethods {
    public void register(MethodRegistry registry) {
        registry.bind("GetEvents", call -> QueryEngine.get(call.db(), EventTables.EVENTS,
                (Filter) call.optionalArg(0).orElse(Filter.ALL), call.returnFields(1), QueryEngine.Access.OPERATOR));
    }
}
