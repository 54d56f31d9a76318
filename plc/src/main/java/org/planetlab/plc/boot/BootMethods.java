package org.planetlab.plc.boot;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.node.NodeConfigFile;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.node.NodeService;
import org.planetlab.plc.node.NodeTables;
import org.planetlab.plc.node.Nodes;
import org.planetlab.plc.store.QueryEngine;

/**
 * The boot server's methods: wire values in, a {@link BootService} call, wire values out.
 * BootGetNodeDetails lists the node's interfaces as GetInterfaces would. Also the node's boot
 * history (ReportRunlevel, GetNodeBootHistory) and its plnode.txt for the boot medium
 * (GenerateNodeConfFile, GetBootMedium), and the notices a node has PLC mail to its site
 * (BootNotifyOwners).
 */
public final class BootMethods {
    private final BootService boot;
    private final NodeService nodes;
    private final BootNotices notices;

    public BootMethods(BootService boot, NodeService nodes, BootNotices notices) {
        this.boot = requireNonNull(boot, "boot is null");
        this.nodes = requireNonNull(nodes, "nodes is null");
        this.notices = requireNonNull(notices, "notices is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("BootGetNodeDetails", this::details)
                .bind("BootUpdateNode", call -> {
                    Map<String, Object> fields = call.structArg(0);
                    boot.report(call.mutation(), new BootReport(Optional.ofNullable((String) fields.get("boot_state")),
                            Optional.ofNullable((String) fields.get("version"))), source(call));
                    return 1L;
                })
                .bind("BootIssueCertificate", call -> boot.issueCertificate(call.mutation(), call.stringArg(0)))
                .bind("BootIssueTlsCertificate", call -> boot.issueTlsCertificate(call.mutation(), call.stringArg(0)))
                .bind("ReportRunlevel", call -> {
                    Map<String, Object> fields = call.structArg(0);
                    boot.reportRunlevel(call.mutation(), (String) fields.get("run_level"), (String) fields.get("message"),
                            call.optionalArg(1), source(call));
                    return 1L;
                })
                .bind("GetNodeBootHistory", call -> BootHistory.read(call.db(), call.caller(), node(call.arg(0))))
                .bind("GenerateNodeConfFile", call -> {
                    NodeRef node = node(call.arg(0));
                    if (!Boolean.FALSE.equals(call.arg(1))) {
                        nodes.resetKey(call.mutation(), node);
                    } else {
                        call.mutation().quietIfUnchanged();
                    }
                    return configFile(call, node, "GenerateNodeConfFile");
                })
                .bind("GetBootMedium", this::medium)
                .bind("BootNotifyOwners", call -> {
                    notices.notify(call.mutation(), call.stringArg(0), flag(call.arg(1)), flag(call.arg(2)), flag(call.arg(3)));
                    return 1L;
                });
    }

    private Object medium(Call call) {
        String action = call.stringArg(1);
        if (!action.equals("node-preview") && !action.equals("node-floppy")) {
            throw PlanetLabException.invalidArgument("GetBootMedium " + action + ": PLC builds no images, because the"
                    + " boot medium holds nothing node-specific: write it once with bin/boot-medium (docs/boot.md)"
                    + " and put the node's plnode.txt (action node-preview) beside it");
        }
        return configFile(call, node(call.arg(0)), "GetBootMedium");
    }

    private static String configFile(Call call, NodeRef ref, String action) {
        Nodes.NodeRecord node = Nodes.require(call.db(), ref.key());
        Nodes.requireManager(call.caller(), node, action);
        return NodeConfigFile.text(call.db(), node);
    }

    /**
     * Who may log into a node in safeboot (the seed's debug state): the public keys of the enabled
     * techs and PIs of its site and of the operators.
     */
    private static java.util.List<String> debugKeys(Call call, BootDetails node) {
        return call.db().createQuery("SELECT DISTINCT k.key_text FROM person_keys k JOIN persons p ON p.person_id = k.person_id"
                        + " JOIN person_roles r ON r.person_id = p.person_id WHERE p.enabled = TRUE AND p.deleted = FALSE"
                        + " AND (r.role_id = 10 OR (r.role_id IN (20, 40) AND p.person_id IN"
                        + " (SELECT person_id FROM person_sites WHERE site_id = :site))) ORDER BY k.key_text")
                .bind("site", node.siteId()).mapTo(String.class).list();
    }

    /** The original's booleans of BootNotifyOwners are integers. */
    private static boolean flag(Object wire) {
        return wire instanceof Long number ? number != 0 : Boolean.TRUE.equals(wire);
    }

    /** The address a node's report came from, for its boot history. */
    private static String source(Call call) {
        return call.request().remoteAddress().getHostAddress();
    }

    private static NodeRef node(Object wire) {
        return wire instanceof Long id ? NodeRef.of(id) : NodeRef.of((String) wire);
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
        if (node.bootState().equals("safeboot")) {
            details.put("debug_ssh_keys", debugKeys(call, node));
        }
        return details;
    }
}
