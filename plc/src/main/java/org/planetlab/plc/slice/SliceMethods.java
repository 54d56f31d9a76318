package org.planetlab.plc.slice;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.plc.store.ObjectTable;
import org.planetlab.plc.store.QueryEngine;

/**
 * The slice methods: wire values in, a {@link SliceService} or {@link SliceMembership} call, wire
 * values out. GetSlices answers PLCAPI's queries, over deleted slices too when asked for them.
 */
public final class SliceMethods {
    private final SliceNames names;
    private final SliceService slices;
    private final SliceMembership membership;

    private final ObjectTable liveSlices;
    private final ObjectTable allSlices;

    public SliceMethods(SliceNames names, SliceService slices, SliceMembership membership) {
        this.names = requireNonNull(names, "names is null");
        this.slices = requireNonNull(slices, "slices is null");
        this.membership = requireNonNull(membership, "membership is null");
        this.liveSlices = SliceTables.liveSlices(names);
        this.allSlices = SliceTables.allSlices(names);
    }

    public void register(MethodRegistry registry) {
        registry.bind("AddSlice", call -> slices.createSlice(call.mutation(), newSlice(call.structArg(0)),
                        SliceService.Creation.ADD))
                .bind("CreateSlice", call -> slices.createSlice(call.mutation(), new NewSlice(
                        names.plcapiName(call.stringArg(0)), Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty()), SliceService.Creation.CREATE))
                .bind("GetSlices", this::getSlices)
                .bind("UpdateSlice", call -> done(() -> slices.updateSlice(call.mutation(), slice(call.arg(0)),
                        update(call.structArg(1)))))
                .bind("DeleteSlice", call -> done(() -> slices.deleteSlice(call.mutation(), slice(call.arg(0)))))
                .bind("AddPersonToSlice", call -> done(() -> membership.changePerson(call.mutation(),
                        "AddPersonToSlice", person(call.arg(0)), slice(call.arg(1)), true)))
                .bind("DeletePersonFromSlice", call -> done(() -> membership.changePerson(call.mutation(),
                        "DeletePersonFromSlice", person(call.arg(0)), slice(call.arg(1)), false)))
                .bind("AddSlicePrincipal", call -> done(() -> membership.addPrincipals(call.mutation(),
                        slice(call.arg(0)), call.listArg(1).stream().map(SliceMethods::person).toList())))
                .bind("AddSliceToNodes", call -> changeNodes(call, true))
                .bind("AddSliceNode", call -> changeNodes(call, true))
                .bind("DeleteSliceFromNodes", call -> changeNodes(call, false));
        // StartSlice and StopSlice are bound by package stop, which records every stop.
    }

    private Object changeNodes(Call call, boolean add) {
        List<NodeRef> nodes = call.listArg(1).stream()
                .map(ref -> ref instanceof Long id ? NodeRef.of(id) : NodeRef.of((String) ref)).toList();
        membership.changeNodes(call.mutation(), call.spec().name(), slice(call.arg(0)), nodes, add);
        return 1L;
    }

    private static Object done(Runnable action) {
        action.run();
        return 1L;
    }

    private static SliceRef slice(Object wire) {
        return wire instanceof Long id ? SliceRef.of(id) : SliceRef.of((String) wire);
    }

    private static PersonRef person(Object wire) {
        return wire instanceof Long id ? PersonRef.of(id) : PersonRef.of((String) wire);
    }

    private static NewSlice newSlice(Map<String, Object> fields) {
        return new NewSlice((String) fields.get("name"), Optional.ofNullable((String) fields.get("url")),
                Optional.ofNullable((String) fields.get("description")),
                Optional.ofNullable((Long) fields.get("max_nodes")),
                Optional.ofNullable((String) fields.get("instantiation")));
    }

    private static SliceUpdate update(Map<String, Object> fields) {
        return new SliceUpdate(Optional.ofNullable((String) fields.get("instantiation")), nullable(fields, "url"),
                nullable(fields, "description"), Optional.ofNullable((Long) fields.get("max_nodes")),
                Optional.ofNullable((Long) fields.get("expires")));
    }

    /** A field that may be left out, given a value, or given nil to unset it. */
    private static Optional<Optional<String>> nullable(Map<String, Object> fields, String name) {
        return fields.containsKey(name) ? Optional.of(Optional.ofNullable((String) fields.get(name)))
                : Optional.empty();
    }

    private Object getSlices(Call call) {
        Filter filter = (Filter) call.optionalArg(0).orElse(Filter.ALL);
        return QueryEngine.get(call.db(), filter.mentions("is_deleted") ? allSlices : liveSlices,
                filter, call.returnFields(1), call.caller().isOperator() ? QueryEngine.Access.OPERATOR
                        : QueryEngine.Access.EVERYONE);
    }
}
