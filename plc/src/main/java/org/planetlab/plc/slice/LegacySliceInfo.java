package org.planetlab.plc.slice;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.store.ObjectTable;
import org.planetlab.plc.store.QueryEngine;

/**
 * SliceInfo and SliceExtendedInfo (PLC 3): GetSlices' fields of the slices the caller may see,
 * their users and nodes named instead of numbered, as the original's deprecated calls did.
 */
public final class LegacySliceInfo {
    private final SliceNames names;
    private final ObjectTable liveSlices;

    public LegacySliceInfo(SliceNames names) {
        this.names = requireNonNull(names, "names is null");
        this.liveSlices = SliceTables.liveSlices(names);
    }

    public void register(MethodRegistry registry) {
        registry.bind("SliceInfo", call -> info(call, false))
                .bind("SliceExtendedInfo", call -> info(call, true));
    }

    private Object info(Call call, boolean extended) {
        Filter filter = Filter.ALL;
        if (call.arg(0) != null) {
            List<String> wanted = call.listArg(0).stream().map(name -> names.plcapiName((String) name)).toList();
            if (wanted.isEmpty()) {
                throw PlanetLabException.notFound("no such slice: slice_name_list is empty");
            }
            filter = new Filter(List.of(), wanted, List.of(), false, List.of(), 0, Filter.NO_LIMIT);
        }
        Handle handle = call.db();
        List<Map<String, Object>> slices = QueryEngine.get(handle, liveSlices, filter, null, QueryEngine.Access.EVERYONE);
        if (slices.isEmpty()) {
            throw PlanetLabException.notFound("no such slice");
        }
        Caller caller = call.caller();
        boolean users = !Boolean.FALSE.equals(call.arg(1));
        boolean nodes = !Boolean.FALSE.equals(call.arg(2));
        List<Map<String, Object>> answer = new ArrayList<>();
        for (Map<String, Object> slice : slices) {
            if (!visible(caller, slice)) {
                continue;
            }
            Map<String, Object> info = new LinkedHashMap<>(slice);
            List<?> personIds = (List<?>) info.remove("person_ids");
            List<?> nodeIds = (List<?>) info.remove("node_ids");
            List<?> tagIds = extended ? (List<?>) info.remove("slice_tag_ids") : List.of();
            if (users) {
                List<Map<String, Object>> persons = rows(handle, "SELECT email, person_id FROM persons WHERE"
                        + " deleted = FALSE AND person_id IN (<ids>) ORDER BY person_id", personIds);
                info.put("users", extended ? persons : persons.stream().map(person -> person.get("email")).toList());
            }
            if (nodes) {
                List<Map<String, Object>> hosts = rows(handle, "SELECT hostname, node_id FROM nodes WHERE"
                        + " deleted = FALSE AND node_id IN (<ids>) ORDER BY node_id", nodeIds);
                info.put("nodes", extended ? hosts : hosts.stream().map(host -> host.get("hostname")).toList());
            }
            if (extended) {
                info.put("attributes", rows(handle, "SELECT y.tagname AS name, t.value FROM slice_tags t JOIN"
                        + " tag_types y ON y.tag_type_id = t.tag_type_id WHERE t.slice_tag_id IN (<ids>)"
                        + " ORDER BY t.slice_tag_id", tagIds));
            }
            answer.add(info);
        }
        return answer;
    }

    /** Operators see every slice; others those they are members of, PIs also their sites' slices. */
    private static boolean visible(Caller caller, Map<String, Object> slice) {
        if (caller.isOperator()) {
            return true;
        }
        boolean member = caller.personId().isPresent() && ((List<?>) slice.get("person_ids"))
                .contains(caller.personId().get());
        return member || (caller.has(Role.PI) && caller.isAtSite((Long) slice.get("site_id")));
    }

    private static List<Map<String, Object>> rows(Handle handle, String sql, List<?> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        handle.createQuery(sql).bindList("ids", ids).mapToMap().forEach(row -> {
            // Identifiers are integers on the wire whatever width the store reads them as.
            Map<String, Object> values = new LinkedHashMap<>();
            row.forEach((column, value) -> values.put(column, value instanceof Integer number ? (Object) number.longValue()
                    : value));
            rows.add(values);
        });
        return rows;
    }
}
