package org.planetlab.plc.boot;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.node.NodeTables;
import org.planetlab.plc.store.QueryEngine;

/**
 * The boot server's methods: wire values in, a {@link BootService} call, wire values out.
 * BootGetNodeDetails lists the node's interfaces as GetInterfaces would.
 */
public final class BootMethods {
    private final BootService boot;

    public BootMethods(BootService boot) {
        this.boot = requireNonNull(boot, "boot is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("BootGetNodeDetails", this::details)
                .bind("BootUpdateNode", call -> {
                    Map<String, Object> fields = call.structArg(0);
                    boot.report(call.mutation(), new BootReport(Optional.ofNullable((String) fields.get("boot_state")),
                            Optional.ofNullable((String) fields.get("version"))));
                    return 1L;
                })
                .bind("BootIssueCertificate", call -> boot.issueCertificate(call.mutation(), call.stringArg(0)))
                .bind("BootIssueTlsCertificate", call -> boot.issueTlsCertificate(call.mutation(), call.stringArg(0)));
    }

    private Object details(Call call) {
        BootDetails node = boot.details(call.db(), call.caller());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("node_id", node.nodeId());
        details.put("hostname", node.hostname());
        details.put("site_id", node.siteId());
        details.put("boot_state", node.bootState());
        details.put("interfaces", QueryEngine.get(call.db(), NodeTables.INTERFACES,
                Filter.where("node_id", node.nodeId()), null, QueryEngine.Access.EVERYONE));
        return details;
    }
}
