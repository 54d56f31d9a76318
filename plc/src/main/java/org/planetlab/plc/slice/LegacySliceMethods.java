package org.planetlab.plc.slice;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.method.Param;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.person.Persons;

/**
 * PLC 3's Slice* calls. Each one that changes something runs the handler of the PLCAPI method
 * it stands for, with the arguments rearranged and checked against that method's parameters,
 * in the legacy call's own transaction: the same rules apply and the event log names the call
 * the script made. The listing calls read the store directly.
 */
public final class LegacySliceMethods {
    private final SliceNames names;
    private final MethodRegistry registry;

    public LegacySliceMethods(SliceNames names, MethodRegistry registry) {
        this.names = requireNonNull(names, "names is null");
        this.registry = requireNonNull(registry, "registry is null");
    }

    public void register() {
        registry.bind("SliceCreate", call -> {
            Map<String, Object> fields = new LinkedHashMap<>(call.arg(1) == null ? Map.of() : call.structArg(1));
            fields.put("name", call.stringArg(0));
            return delegate(call, "AddSlice", fields);
        }).bind("SliceDelete", call -> delegate(call, "DeleteSlice", call.arg(0)))
                .bind("SliceUpdate", call -> delegate(call, "UpdateSlice", call.arg(0),
                        Map.of("url", call.arg(1), "description", call.arg(2))))
                .bind("SliceRenew", call -> delegate(call, "UpdateSlice", call.arg(0), Map.of("expires", call.arg(1))))
                .bind("SliceNodesAdd", call -> delegate(call, "AddSliceToNodes", call.arg(0), call.arg(1)))
                .bind("SliceNodesDel", call -> delegate(call, "DeleteSliceFromNodes", call.arg(0), call.arg(1)))
                .bind("SliceUserAdd", call -> {
                    for (Object person : call.listArg(1)) {
                        delegate(call, "AddPersonToSlice", person, call.arg(0));
                    }
                    return 1L;
                })
                .bind("SliceUserDel", call -> {
                    for (Object person : call.listArg(1)) {
                        delegate(call, "DeletePersonFromSlice", person, call.arg(0));
                    }
                    return 1L;
                })
                .bind("SliceGetTicket", call -> delegate(call, "GetSliceTicket", call.arg(0)))
                .bind("SliceTicketGet", call -> delegate(call, "GetSliceTicket", call.arg(0)))
                .bind("SliceNodesList", call -> members(call.db(), call.stringArg(0), "SELECT n.hostname FROM"
                        + " slice_nodes j JOIN nodes n ON n.node_id = j.node_id AND n.deleted = FALSE"
                        + " WHERE j.slice_id = :slice ORDER BY n.hostname"))
                .bind("SliceUsersList", call -> members(call.db(), call.stringArg(0), "SELECT p.email FROM"
                        + " slice_persons j JOIN persons p ON p.person_id = j.person_id AND p.deleted = FALSE"
                        + " WHERE j.slice_id = :slice ORDER BY p.email"))
                .bind("SliceListNames", call -> {
                    String prefix = Optional.ofNullable(call.stringArg(0)).orElse("");
                    return call.db().createQuery("SELECT name FROM slices WHERE is_deleted = FALSE ORDER BY name")
                            .mapTo(String.class).filter(name -> name.startsWith(prefix)).list();
                })
                .bind("SliceListUserSlices", call -> {
                    Persons.PersonRecord person = Persons.require(call.db(), call.stringArg(0));
                    return call.db().createQuery("SELECT s.name FROM slice_persons j JOIN slices s ON s.slice_id ="
                                    + " j.slice_id AND s.is_deleted = FALSE WHERE j.person_id = :person ORDER BY s.name")
                            .bind("person", person.personId()).mapTo(String.class).list();
                });
    }

    /** The listed column for a live slice's members; none for a slice that does not exist, as in PLC 3. */
    private List<String> members(Handle handle, String name, String query) {
        return Slices.find(handle, names.plcapiName(name))
                .map(slice -> handle.createQuery(query).bind("slice", slice.sliceId()).mapTo(String.class).list())
                .orElse(List.of());
    }

    /** Runs {@code method}'s handler within {@code call}, its arguments checked as that method checks them. */
    private Object delegate(Call call, String method, Object... args) {
        MethodSpec spec = MethodCatalog.lookup(method).orElseThrow();
        List<Object> checked = new ArrayList<>();
        for (int index = 0; index < args.length; index++) {
            Param param = spec.params().get(index);
            checked.add(param.type().check(args[index], param.name()));
        }
        Call inner = spec.mutates() ? new Call(spec, checked, call.mutation(), call.request())
                : new Call(spec, call.caller(), checked, call.lazyDb(), call.now(), call.request());
        return registry.handler(method).orElseThrow().handle(inner);
    }
}
