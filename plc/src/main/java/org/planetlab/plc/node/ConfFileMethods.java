package org.planetlab.plc.node;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.store.QueryEngine;

/** The configuration file methods: wire values in, a {@link ConfFileService} call, wire values out. */
public final class ConfFileMethods {
    private final ConfFileService confFiles;

    public ConfFileMethods(ConfFileService confFiles) {
        this.confFiles = requireNonNull(confFiles, "confFiles is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("AddConfFile", call -> confFiles.addConfFile(call.mutation(), fields(call.structArg(0))))
                .bind("GetConfFiles", call -> QueryEngine.get(call.db(), NodeTables.CONF_FILES,
                        (Filter) call.optionalArg(0).orElse(Filter.ALL), call.returnFields(1), QueryEngine.Access.OPERATOR))
                .bind("UpdateConfFile", call -> done(() -> confFiles.updateConfFile(call.mutation(), call.longArg(0),
                        fields(call.structArg(1)))))
                .bind("DeleteConfFile", call -> done(() -> confFiles.deleteConfFile(call.mutation(), call.longArg(0))))
                .bind("AddConfFileToNode", call -> done(() -> confFiles.attachToNode(call.mutation(), call.longArg(0),
                        node(call.arg(1)), true)))
                .bind("DeleteConfFileFromNode", call -> done(() -> confFiles.attachToNode(call.mutation(),
                        call.longArg(0), node(call.arg(1)), false)))
                .bind("AddConfFileToNodeGroup", call -> done(() -> confFiles.attachToNodeGroup(call.mutation(),
                        call.longArg(0), group(call.arg(1)), true)))
                .bind("DeleteConfFileFromNodeGroup", call -> done(() -> confFiles.attachToNodeGroup(call.mutation(),
                        call.longArg(0), group(call.arg(1)), false)));
    }

    private static Object done(Runnable action) {
        action.run();
        return 1L;
    }

    private static NodeRef node(Object wire) {
        return wire instanceof Long id ? NodeRef.of(id) : NodeRef.of((String) wire);
    }

    private static NodeGroupRef group(Object wire) {
        return wire instanceof Long id ? NodeGroupRef.of(id) : NodeGroupRef.of((String) wire);
    }

    private static ConfFileFields fields(Map<String, Object> wire) {
        Map<String, Optional<Object>> fields = new LinkedHashMap<>();
        wire.forEach((name, value) -> fields.put(name, Optional.ofNullable(value)));
        return new ConfFileFields(fields);
    }
}
