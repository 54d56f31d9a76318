package org.planetlab.plc.lease;

import static org.planetlab.plc.store.ColumnKind.BOOLEAN;
import static org.planetlab.plc.store.ColumnKind.INTEGER;
import static org.planetlab.plc.store.ColumnKind.TEXT;

import java.util.ArrayList;
import java.util.List;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.lease.LeaseApi;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.store.ObjectTable;
import org.planetlab.plc.store.SqlCondition;

/**
 * How leases are stored and read. A lease counts only while its node and its slice are live: a
 * deleted slice's or node's leases are gone from every answer and free their slots.
 */
final class LeaseTables {
    private LeaseTables() {}

    /** Leases whose node and slice are live, for queries that name the lease table {@code l}. */
    static final String LIVE = "EXISTS (SELECT 1 FROM nodes n WHERE n.node_id = l.node_id AND n.deleted = FALSE)"
            + " AND EXISTS (SELECT 1 FROM slices s WHERE s.slice_id = l.slice_id AND s.is_deleted = FALSE)";

    /** The lease table as GetLeases reads it at {@code now} (which decides {@code expired}). */
    static ObjectTable leases(long now) {
        return ObjectTable.builder(LeaseApi.LEASE, "leases", "lease_id")
                .live(LIVE.replace("l.", "t."))
                .plain(INTEGER, "lease_id", "t_from", "t_until", "node_id", "slice_id")
                .column("hostname", "(SELECT n.hostname FROM nodes n WHERE n.node_id = t.node_id)", TEXT)
                .column("node_type", "(SELECT n.node_type FROM nodes n WHERE n.node_id = t.node_id)", TEXT)
                .column("name", "(SELECT s.name FROM slices s WHERE s.slice_id = t.slice_id)", TEXT)
                .column("site_id", "(SELECT s.site_id FROM slices s WHERE s.slice_id = t.slice_id)", INTEGER)
                .column("duration", "(t.t_until - t.t_from)", INTEGER)
                // A whole number, not a bound parameter: the table's columns take none.
                .column("expired", "(t.t_until <= " + now + ")", BOOLEAN)
                .build();
    }

    /** A filter split into what the generic engine reads and PLCAPI's {@code alive} and {@code clip}. */
    record SplitFilter(Filter generic, SqlCondition timeConditions) {}

    /**
     * Takes {@code alive} and {@code clip} out of a filter. Slots are half-open, [t_from, t_until):
     * at the instant one lease ends and the next begins, only the next is alive.
     */
    static SplitFilter split(Filter filter) {
        List<Filter.Condition> generic = new ArrayList<>();
        List<String> sql = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        for (Filter.Condition condition : filter.conditions()) {
            String field = condition.field();
            if (!field.equals("alive") && !field.equals("clip")) {
                generic.add(condition);
                continue;
            }
            if (condition.comparison() != Filter.Comparison.EQUAL) {
                throw PlanetLabException.invalidArgument("lease_filter." + field + " takes no comparison prefix");
            }
            List<Object> values = condition.values();
            String test;
            if (values.size() == 1 && values.getFirst() instanceof Long at) {
                test = field.equals("alive") ? "t.t_from <= ? AND t.t_until > ?" : "t.t_until > ?";
                parameters.add(at);
                if (field.equals("alive")) {
                    parameters.add(at);
                }
            } else if (values.size() == 2 && values.get(0) instanceof Long from && values.get(1) instanceof Long until) {
                if (until < from) {
                    throw PlanetLabException.invalidArgument("lease_filter." + field + ": the slot [" + from + ", "
                            + until + "] ends before it starts");
                }
                test = "t.t_from < ? AND t.t_until > ?";
                parameters.add(until);
                parameters.add(from);
            } else {
                throw PlanetLabException.invalidArgument("lease_filter." + field
                        + " must be a time or a slot [from, until] in seconds since the epoch");
            }
            sql.add((condition.negated() ? "NOT " : "") + "(" + test + ")");
        }
        Filter rest = new Filter(filter.ids(), filter.names(), generic, filter.matchAny(), filter.sort(), filter.offset(),
                filter.limit());
        SqlCondition time = sql.isEmpty() ? SqlCondition.TRUE : new SqlCondition(String.join(" AND ", sql), parameters);
        return new SplitFilter(rest, time);
    }
}
