package org.planetlab.plc.session;

import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.schema.Filter;
import org.planetlab.api.session.SessionListApi;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.store.ColumnKind;
import org.planetlab.plc.store.ObjectTable;
import org.planetlab.plc.store.QueryEngine;
import org.planetlab.plc.store.SqlCondition;

/**
 * GetSessions: operators list the sessions that are open. The store has only the keys' digests,
 * which is all a session_id can be here.
 */
public final class SessionList {
    /**
     * Sessions numbered for the query engine, which keys rows by a number; the numbers are not
     * shown and live only for one query, which is why a filter may not name sessions by number.
     */
    private static final ObjectTable TABLE = ObjectTable.builder(SessionListApi.SESSION,
                    "(SELECT ROW_NUMBER() OVER (ORDER BY session_hash) AS session_number, session_hash, person_id,"
                            + " node_id, expires FROM sessions)", "session_number")
            .name("t.session_hash", name -> name)
            .column("session_id", "t.session_hash", ColumnKind.TEXT)
            .plain(ColumnKind.INTEGER, "person_id", "node_id", "expires")
            .build();

    public void register(MethodRegistry registry) {
        registry.bind("GetSessions", SessionList::getSessions);
    }

    private static Object getSessions(Call call) {
        Filter filter = (Filter) call.optionalArg(0).orElse(Filter.ALL);
        if (!filter.ids().isEmpty()) {
            throw PlanetLabException.invalidArgument("session_filter: sessions are named by their session_id (a string"
                    + " of 64 hex digits), not by number");
        }
        QueryEngine.Access live = new QueryEngine.Access(true, SqlCondition.of("t.expires > ?", call.now()));
        return QueryEngine.get(call.db(), TABLE, filter, null, live);
    }
}
