package org.planetlab.plc.lease;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.store.QueryEngine;

/** The lease methods: wire values in, a {@link LeaseService} call, wire values out. */
public final class LeaseMethods {
    private final LeaseService leases;

    public LeaseMethods(LeaseService leases) {
        this.leases = requireNonNull(leases, "leases is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("AddLeases", call -> {
                    List<Long> ids = leases.addLeases(call.mutation(), nodes(call.arg(0)), call.arg(1),
                            LeaseTimes.seconds(call.arg(2), "t_from"), LeaseTimes.seconds(call.arg(3), "t_until"));
                    return outcome("new_ids", ids);
                })
                .bind("GetLeases", LeaseMethods::getLeases)
                .bind("UpdateLeases", call -> {
                    Map<String, Object> fields = call.structArg(1);
                    List<Long> ids = leases.updateLeases(call.mutation(), ids(call.arg(0)),
                            LeaseTimes.optional(fields.get("t_from"), "lease_fields.t_from"),
                            LeaseTimes.optional(fields.get("t_until"), "lease_fields.t_until"));
                    return outcome("updated_ids", ids);
                })
                .bind("DeleteLeases", call -> {
                    leases.deleteLeases(call.mutation(), ids(call.arg(0)));
                    return 1L;
                })
                .bind("GetLeaseGranularity", call -> leases.granularity())
                .bind("GetLeaseWindow", call -> {
                    long notBefore = call.optionalArg(2).map(Long.class::cast).orElse(call.now());
                    LeaseWindow.Window window = leases.window(call.db(), nodes(call.arg(0)), call.longArg(1), notBefore,
                            call.now());
                    Map<String, Object> wire = new LinkedHashMap<>();
                    wire.put("t_from", window.from());
                    wire.put("t_until", window.until());
                    wire.put("node_ids", window.nodeIds());
                    return wire;
                });
    }

    /** PLCAPI's answer shape: the ids, and an error list that stays empty since refusals fault. */
    private static Map<String, Object> outcome(String idsField, List<Long> ids) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put(idsField, ids);
        wire.put("errors", List.of());
        return wire;
    }

    private static Object getLeases(Call call) {
        Filter filter = (Filter) call.optionalArg(0).orElse(Filter.ALL);
        LeaseTables.SplitFilter split = LeaseTables.split(filter);
        Filter generic = split.generic();
        if (generic.sort().isEmpty()) {
            generic = new Filter(generic.ids(), generic.names(), generic.conditions(), generic.matchAny(),
                    List.of(new Filter.SortKey("t_from", false)), generic.offset(), generic.limit());
        }
        return QueryEngine.get(call.db(), LeaseTables.leases(call.now()), generic, call.returnFields(1),
                new QueryEngine.Access(false, split.timeConditions()));
    }

    private static List<NodeRef> nodes(Object wire) {
        List<?> list = wire instanceof List<?> many ? many : List.of(wire);
        List<NodeRef> refs = new ArrayList<>(list.size());
        for (Object node : list) {
            refs.add(node instanceof Long id ? NodeRef.of(id) : NodeRef.of((String) node));
        }
        return refs;
    }

    private static List<Long> ids(Object wire) {
        List<?> list = wire instanceof List<?> many ? many : List.of(wire);
        return list.stream().map(Long.class::cast).toList();
    }
}
