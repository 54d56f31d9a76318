package org.planetlab.plc.node;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.store.QueryEngine;

/** The interface methods: wire values in, an {@link InterfaceService} call, wire values out. */
public final class InterfaceMethods {
    private final InterfaceService interfaces;

    public InterfaceMethods(InterfaceService interfaces) {
        this.interfaces = requireNonNull(interfaces, "interfaces is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("AddInterface", call -> interfaces.addInterface(call.mutation(),
                        call.arg(0) instanceof Long id ? NodeRef.of(id) : NodeRef.of(call.stringArg(0)),
                        fields(call.structArg(1))))
                .bind("GetInterfaces", call -> QueryEngine.get(call.db(), NodeTables.INTERFACES,
                        (Filter) call.optionalArg(0).orElse(Filter.ALL), call.returnFields(1), QueryEngine.Access.EVERYONE))
                .bind("UpdateInterface", call -> {
                    interfaces.updateInterface(call.mutation(), call.longArg(0), fields(call.structArg(1)));
                    return 1L;
                })
                .bind("DeleteInterface", call -> {
                    interfaces.deleteInterface(call.mutation(), call.longArg(0));
                    return 1L;
                });
    }

    private static InterfaceFields fields(Map<String, Object> wire) {
        Map<String, Optional<Object>> fields = new LinkedHashMap<>();
        wire.forEach((name, value) -> fields.put(name, Optional.ofNullable(value)));
        return new InterfaceFields(fields);
    }
}
