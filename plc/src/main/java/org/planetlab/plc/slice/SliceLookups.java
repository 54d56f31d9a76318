package org.planetlab.plc.slice;

import static java.util.Objects.requireNonNull;
import static org.planetlab.plc.store.ColumnKind.INTEGER;
import static org.planetlab.plc.store.ColumnKind.TEXT;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.method.Role;
import org.planetlab.api.schema.Filter;
import org.planetlab.api.slice.SliceLookupApi;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.node.NodeTables;
import org.planetlab.plc.person.PersonTables;
import org.planetlab.plc.store.ObjectTable;
import org.planetlab.plc.store.QueryEngine;
import org.planetlab.plc.store.SqlCondition;

/**
 * GetSliceKeys, GetSliceFamily, ResolveSlices and RetrieveSlice{Person,Sliver}Keys: reads about
 * slices for other programs.
 */
public final class SliceLookups {
    private final SliceNames names;
    private final ObjectTable liveSlices;
    private final ObjectTable resolvedSlices;

    public SliceLookups(SliceNames names) {
        this.names = requireNonNull(names, "names is null");
        this.liveSlices = SliceTables.liveSlices(names);
        // Every slice ever created: a flow record or a log may name a slice deleted since.
        this.resolvedSlices = ObjectTable.builder(SliceLookupApi.RESOLVED_SLICE, "slices", "slice_id")
                .name("t.name", names::lookupName)
                .plain(INTEGER, "slice_id", "expires")
                .plain(TEXT, "name")
                .build();
    }

    public void register(MethodRegistry registry) {
        registry.bind("GetSliceKeys", this::sliceKeys)
                .bind("GetSliceFamily", call -> family(call.db(), call.arg(0)))
                .bind("ResolveSlices", call -> QueryEngine.get(call.db(), resolvedSlices,
                        (Filter) call.optionalArg(0).orElse(Filter.ALL), null, QueryEngine.Access.EVERYONE))
                .bind("RetrieveSlicePersonKeys", this::personKeys)
                .bind("RetrieveSliceSliverKeys", this::sliverKeys);
    }

    /** {email: [key, ...]} of the slice's users that match the filter. */
    private Map<String, Object> personKeys(Call call) {
        Slices.SliceRecord slice = Slices.require(call.db(), names, call.arg(0));
        List<Map<String, Object>> persons = QueryEngine.get(call.db(), PersonTables.PERSONS,
                (Filter) call.optionalArg(1).orElse(Filter.ALL), List.of("person_id", "email"),
                new QueryEngine.Access(false, SqlCondition.of("EXISTS (SELECT 1 FROM slice_persons v WHERE"
                        + " v.person_id = t.person_id AND v.slice_id = ?)", slice.sliceId())));
        Map<String, Object> keys = new LinkedHashMap<>();
        for (Map<String, Object> person : persons) {
            keys.put((String) person.get("email"), call.db().createQuery("SELECT key_text FROM person_keys WHERE"
                            + " person_id = :person ORDER BY key_id")
                    .bind("person", (Long) person.get("person_id")).mapTo(String.class).list());
        }
        return keys;
    }

    /** {hostname: key} of the slice's per-node ssh_key attributes, on the nodes that match the filter. */
    private Map<String, Object> sliverKeys(Call call) {
        Slices.SliceRecord slice = Slices.require(call.db(), names, call.arg(0));
        Set<Long> nodes = new HashSet<>();
        QueryEngine.get(call.db(), NodeTables.NODES, (Filter) call.optionalArg(1).orElse(Filter.ALL),
                List.of("node_id"), QueryEngine.Access.EVERYONE).forEach(node -> nodes.add((Long) node.get("node_id")));
        Map<String, Object> keys = new LinkedHashMap<>();
        call.db().createQuery("SELECT j.node_id, n.hostname, j.value FROM slice_tags j"
                        + " JOIN tag_types y ON y.tag_type_id = j.tag_type_id AND y.tagname = 'ssh_key'"
                        + " JOIN nodes n ON n.node_id = j.node_id AND n.deleted = FALSE"
                        + " WHERE j.slice_id = :slice ORDER BY n.hostname")
                .bind("slice", slice.sliceId()).mapToMap().forEach(row -> {
                    if (nodes.contains(((Number) row.get("node_id")).longValue())) {
                        keys.put(String.valueOf(row.get("hostname")), row.get("value"));
                    }
                });
        return keys;
    }

    private List<Map<String, Object>> sliceKeys(Call call) {
        Filter filter = (Filter) call.optionalArg(0).orElse(Filter.ALL);
        List<Map<String, Object>> slices = QueryEngine.get(call.db(), liveSlices, filter, List.of("slice_id", "name"),
                new QueryEngine.Access(call.caller().isOperator(), visibleTo(call.caller())));
        List<String> fields = call.returnFields(1);
        List<Map<String, Object>> keys = new ArrayList<>();
        for (Map<String, Object> slice : slices) {
            call.db().createQuery("SELECT p.person_id, p.email, k.key_text FROM slice_persons j"
                            + " JOIN persons p ON p.person_id = j.person_id AND p.deleted = FALSE"
                            + " JOIN person_keys k ON k.person_id = p.person_id"
                            + " WHERE j.slice_id = :slice ORDER BY p.person_id, k.key_id")
                    .bind("slice", (Long) slice.get("slice_id"))
                    .map((row, context) -> {
                        Map<String, Object> entry = new LinkedHashMap<>();
                        entry.put("slice_id", slice.get("slice_id"));
                        entry.put("name", slice.get("name"));
                        entry.put("person_id", row.getLong(1));
                        entry.put("email", row.getString(2));
                        entry.put("key", row.getString(3));
                        if (fields != null) {
                            entry.keySet().retainAll(fields);
                        }
                        return entry;
                    })
                    .forEach(keys::add);
        }
        return keys;
    }

    /** Operators and nodes see every slice; PIs their sites' slices and their own; users their own. */
    private static SqlCondition visibleTo(Caller caller) {
        if (caller.isOperator() || caller.has(Role.NODE)) {
            return SqlCondition.TRUE;
        }
        long personId = caller.personId().orElse(-1L);
        String member = "EXISTS (SELECT 1 FROM slice_persons v WHERE v.slice_id = t.slice_id AND v.person_id = ?)";
        if (caller.has(Role.PI) && !caller.siteIds().isEmpty()) {
            List<Object> parameters = new ArrayList<>();
            parameters.add(personId);
            parameters.addAll(caller.siteIds());
            return new SqlCondition(member + " OR t.site_id IN (" + "?, ".repeat(caller.siteIds().size() - 1) + "?)",
                    parameters);
        }
        return SqlCondition.of(member, personId);
    }

    private String family(Handle handle, Object sliceIdOrName) {
        Slices.SliceRecord slice = Slices.require(handle, names, sliceIdOrName);
        String pldistro = tag(handle, slice, "vref").or(() -> tag(handle, slice, "pldistro"))
                .orElse(SliceLookupApi.DEFAULT_PLDISTRO);
        String fcdistro = tag(handle, slice, "fcdistro").orElse(SliceLookupApi.DEFAULT_FCDISTRO);
        String arch = tag(handle, slice, "arch").orElse(SliceLookupApi.DEFAULT_ARCH);
        return pldistro + "-" + fcdistro + "-" + arch;
    }

    private static Optional<String> tag(Handle handle, Slices.SliceRecord slice, String tagname) {
        return handle.createQuery("SELECT j.value FROM slice_tags j JOIN tag_types y ON y.tag_type_id = j.tag_type_id"
                        + " WHERE j.slice_id = :slice AND y.tagname = :name AND j.node_id IS NULL"
                        + " AND j.nodegroup_id IS NULL")
                .bind("slice", slice.sliceId()).bind("name", tagname).mapTo(String.class).findFirst()
                .filter(value -> !value.isBlank());
    }
}
