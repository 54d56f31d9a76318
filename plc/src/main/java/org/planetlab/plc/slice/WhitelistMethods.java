package org.planetlab.plc.slice;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.node.NodeTables;
import org.planetlab.plc.store.QueryEngine;

/** The whitelist methods: wire values in, a {@link Whitelists} call, wire values out. */
public final class WhitelistMethods {
    private final Whitelists whitelists;

    public WhitelistMethods(Whitelists whitelists) {
        this.whitelists = requireNonNull(whitelists, "whitelists is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("AddSliceToNodesWhitelist", call -> change(call, true))
                .bind("DeleteSliceFromNodesWhitelist", call -> change(call, false))
                .bind("GetWhitelist", call -> QueryEngine.get(call.db(), NodeTables.NODES,
                        (Filter) call.optionalArg(0).orElse(Filter.ALL), call.returnFields(1),
                        Whitelists.access(call.caller())));
    }

    private Object change(Call call, boolean add) {
        Object slice = call.arg(0);
        List<NodeRef> nodes = ((List<?>) call.arg(1)).stream()
                .map(node -> node instanceof Long id ? NodeRef.of(id) : NodeRef.of((String) node)).toList();
        whitelists.change(call.mutation(), slice instanceof Long id ? SliceRef.of(id) : SliceRef.of((String) slice),
                nodes, add);
        return 1L;
    }
}
