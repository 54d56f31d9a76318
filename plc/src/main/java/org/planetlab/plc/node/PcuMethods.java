package org.planetlab.plc.node;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.store.QueryEngine;
import org.planetlab.plc.store.SqlCondition;

/**
 * The PCU methods: wire values in, a {@link PcuService} call, wire values out. GetPCUs shows
 * persons and nodes their sites' PCUs, and never tells anyone a PCU's password.
 */
public final class PcuMethods {
    private final PcuService pcus;

    public PcuMethods(PcuService pcus) {
        this.pcus = requireNonNull(pcus, "pcus is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("AddPCU", call -> pcus.addPcu(call.mutation(), site(call.arg(0)), fields(call.structArg(1))))
                .bind("GetPCUs", PcuMethods::getPcus)
                .bind("UpdatePCU", call -> done(() -> pcus.updatePcu(call.mutation(), call.longArg(0),
                        fields(call.structArg(1)))))
                .bind("DeletePCU", call -> done(() -> pcus.deletePcu(call.mutation(), call.longArg(0))))
                .bind("AddNodeToPCU", call -> done(() -> pcus.addNodeToPcu(call.mutation(), node(call.arg(0)),
                        call.longArg(1), call.longArg(2))))
                .bind("DeleteNodeFromPCU", call -> done(() -> pcus.removeNodeFromPcu(call.mutation(),
                        node(call.arg(0)), call.longArg(1))));
    }

    private static Object done(Runnable action) {
        action.run();
        return 1L;
    }

    private static SiteRef site(Object wire) {
        return wire instanceof Long id ? SiteRef.of(id) : SiteRef.of((String) wire);
    }

    private static NodeRef node(Object wire) {
        return wire instanceof Long id ? NodeRef.of(id) : NodeRef.of((String) wire);
    }

    private static PcuFields fields(Map<String, Object> wire) {
        Map<String, Optional<String>> fields = new LinkedHashMap<>();
        wire.forEach((name, value) -> fields.put(name, Optional.ofNullable((String) value)));
        return new PcuFields(fields);
    }

    private static Object getPcus(Call call) {
        Caller caller = call.caller();
        QueryEngine.Access access;
        if (caller.isOperator()) {
            access = QueryEngine.Access.OPERATOR;
        } else if (caller.siteIds().isEmpty()) {
            access = new QueryEngine.Access(false, SqlCondition.of("1 = 0"));
        } else {
            access = new QueryEngine.Access(false, new SqlCondition("t.site_id IN ("
                    + "?, ".repeat(caller.siteIds().size() - 1) + "?)", List.copyOf(caller.siteIds())));
        }
        if (caller.isNode()) {
            // A node may learn how its PCU is reached, not how to log into it.
            access = access.hiding("password", "is hidden from nodes");
        } else {
            // Only PLC logs into PCUs (RebootNodeWithPCU); a password read back could be reused elsewhere.
            access = access.hiding("password", "is write-only: set it with AddPCU or UpdatePCU; no call returns it");
        }
        return QueryEngine.get(call.db(), NodeTables.PCUS, (Filter) call.optionalArg(0).orElse(Filter.ALL),
                call.returnFields(1), access);
    }
}
