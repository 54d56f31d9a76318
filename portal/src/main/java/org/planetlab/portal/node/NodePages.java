package org.planetlab.portal.node;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.planetlab.api.error.ErrorCategory;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.sliver.SliverStateApi;
import org.planetlab.plc.Plc;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.node.InterfaceFields;
import org.planetlab.plc.node.NodeConfigFile;
import org.planetlab.plc.node.NodeDetails;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.node.NodeUpdate;
import org.planetlab.plc.node.PcuFields;
import org.planetlab.plc.node.Nodes;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.slice.SliceFilter;
import org.planetlab.plc.sliver.state.SliverState;
import org.planetlab.plc.typetable.TypeValueTable;
import org.planetlab.plc.typetable.TypeValues;
import org.planetlab.portal.security.Actions;
import org.planetlab.portal.security.ApiRules;
import org.planetlab.portal.slice.NodeReport;
import org.planetlab.portal.slice.SliceRow;
import org.planetlab.portal.web.FormErrors;
import org.planetlab.portal.web.Reply;
import org.planetlab.portal.web.Routes;
import org.planetlab.portal.web.WebRequest;

/**
 * One node of a tech's site: its interfaces (edited in place), its {@code plnode.txt}, its boot
 * state, reboots by ping of death or through its PCU, the console logs it uploaded, its
 * availability history, the slices with slivers on it, and the site's PCUs. Only those who manage
 * the node (its site's techs and PIs, operators) reach the page; for anyone else it does not exist.
 */
final class NodePages {
    private static final Set<String> INTERFACE_FIELDS = Set.of("method", "ip", "netmask", "gateway", "dns1", "dns2",
            "mac");
    /** AddPCU's fields, named {@code pcu_} + the field in the form. */
    private static final List<String> PCU_FIELDS = List.of("hostname", "ip", "protocol", "model", "username",
            "password");
    private final Plc plc;
    private final Actions actions;

    NodePages(Plc plc, Actions actions) {
        this.plc = requireNonNull(plc, "plc is null");
        this.actions = requireNonNull(actions, "actions is null");
    }

    void register(Routes routes) {
        routes.get("/site/nodes/{id}", Routes.Access.SIGNED_IN, request -> page(request, FormErrors.NONE))
                .post("/site/nodes/{id}/plnode.txt", Routes.Access.SIGNED_IN, this::configFile)
                .post("/site/nodes/{id}/boot-state", Routes.Access.SIGNED_IN, this::bootState)
                .post("/site/nodes/{id}/interfaces/{id}", Routes.Access.SIGNED_IN, this::updateInterface)
                .post("/site/nodes/{id}/reboot", Routes.Access.SIGNED_IN, request -> reboot(request, false))
                .post("/site/nodes/{id}/power-cycle", Routes.Access.SIGNED_IN, request -> reboot(request, true))
                .post("/site/nodes/{id}/pcus", Routes.Access.SIGNED_IN, this::addPcu)
                .post("/site/nodes/{id}/pcus/{id}", Routes.Access.SIGNED_IN, this::updatePcu)
                .post("/site/nodes/{id}/pcu-wiring", Routes.Access.SIGNED_IN, this::wirePcu);
        new NodeUsagePages(plc).register(routes);
        new PcuRemoval(plc, actions).register(routes);
    }

    private NodeDetails managedNode(WebRequest request) {
        return managedNode(plc, request);
    }

    /** The node of the request's path, if the caller manages it; otherwise it is not found. */
    static NodeDetails managedNode(Plc plc, WebRequest request) {
        long nodeId = request.pathId(0);
        Caller caller = request.caller();
        ApiRules.require(caller, "UpdateNode");
        return plc.nodes().node(NodeRef.of(nodeId))
                .filter(node -> caller.isOperator() || caller.isAtSite(node.siteId()))
                .orElseThrow(() -> PlanetLabException.notFound("no node " + nodeId + " that " + caller.describe()
                        + " manages"));
    }

    private Reply page(WebRequest request, FormErrors errors) {
        Caller caller = request.caller();
        NodeDetails node = managedNode(request);
        long now = plc.mutations().now();
        Map<String, Object> parameters = new LinkedHashMap<>();
        plc.database().read(handle -> {
            parameters.put("interfaces", plc.interfaces().interfaces(handle, node.nodeId()).stream()
                    .map(InterfaceRow::of).toList());
            parameters.put("bootStates", TypeValues.list(handle, TypeValueTable.BOOT_STATES));
            parameters.put("pcus", ApiRules.may(caller, "GetPCUs") ? plc.pcus().pcus(handle, node.siteId()).stream()
                    .map(PcuRow::of).toList() : List.of());
            parameters.put("consoles", ApiRules.may(caller, "GetNodeConsoleLogs") ? plc.consoles()
                    .consoles(handle, caller, NodeRef.of(node.nodeId())).stream().map(ConsoleRow::of).toList()
                    : List.of());
            Map<String, Object> history = plc.monitoring().reports().history(handle, caller, node.nodeId(),
                    Optional.empty(), Optional.empty(), now);
            parameters.put("history", ((List<?>) history.get("intervals")).stream()
                    .map(interval -> HistoryRow.of(wire(interval))).toList().reversed());
            Object uptime = wire(history.get("uptime")).get("uptime");
            parameters.put("uptime", uptime == null ? "unknown"
                    : "%.1f %%".formatted(((Number) uptime).doubleValue() * 100));
            return null;
        });
        parameters.put("frame", request.frame("Node " + node.hostname()));
        parameters.put("node", node);
        parameters.put("slivers", slivers(caller, node, now));
        parameters.put("errors", errors);
        // A refused form comes back with what was typed; the new PCU's fields are the only ones named pcu_.
        parameters.put("typed", request.method().equals("POST") ? request.fields() : Map.of());
        return Reply.page(errors.isEmpty() ? 200 : 400, "node.jte", parameters);
    }

    /**
     * The slices with slivers on the node, each with its sliver's state as the node reported it,
     * shown as GetSliverStates would answer the viewer (their slices, their sites' slices for PIs,
     * every slice for operators).
     */
    private List<SliverOnNode> slivers(Caller caller, NodeDetails node, long now) {
        Map<Long, SliverState> reported = new HashMap<>();
        if (ApiRules.may(caller, SliverStateApi.GET_SLIVER_STATES)) {
            plc.database().read(handle -> plc.sliverStates().onNode(handle, caller, node.nodeId()))
                    .forEach(state -> reported.put(state.sliceId(), state));
        }
        return plc.slices().slices(caller, SliceFilter.all(1000).onNode(node.nodeId())).stream()
                .map(slice -> new SliverOnNode(SliceRow.of(slice, now),
                        NodeReport.of(Optional.ofNullable(reported.get(slice.sliceId())), now)))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> wire(Object value) {
        return (Map<String, Object>) value;
    }

    /**
     * GenerateNodeConfFile: the node gets a new key and the file holding it, so a copy downloaded
     * before stops working (a node booted from it can no longer authenticate).
     */
    private Reply configFile(WebRequest request) {
        NodeDetails node = managedNode(request);
        return attempt(request, () -> {
            String text = actions.run(request.caller(), "GenerateNodeConfFile", List.of(node.nodeId()), mutation -> {
                plc.nodes().resetKey(mutation, NodeRef.of(node.nodeId()));
                return NodeConfigFile.text(mutation.db(), Nodes.require(mutation.db(), node.nodeId()));
            });
            return new Reply.Download("plnode.txt", "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
        });
    }

    private Reply bootState(WebRequest request) {
        NodeDetails node = managedNode(request);
        String state = request.field("boot_state");
        if (state.isEmpty()) {
            return page(request, FormErrors.field("boot_state", "Choose a boot state."));
        }
        return attempt(request, () -> {
            actions.apply(request.caller(), "UpdateNode", List.of(node.nodeId(), state), mutation ->
                    plc.nodes().updateNode(mutation, NodeRef.of(node.nodeId()), NodeUpdate.bootState(state)));
            return Reply.redirect("/site/nodes/" + node.nodeId() + "?done=boot-state-changed");
        });
    }

    private Reply updateInterface(WebRequest request) {
        NodeDetails node = managedNode(request);
        long interfaceId = request.pathId(1);
        Map<String, Optional<Object>> changes = new LinkedHashMap<>();
        Map<String, Object> wire = new LinkedHashMap<>();
        for (String field : INTERFACE_FIELDS) {
            String value = request.field(field);
            // An empty field clears the value, as UpdateInterface's nil does.
            changes.put(field, value.isEmpty() ? Optional.empty() : Optional.of(value));
            wire.put(field, value.isEmpty() ? null : value);
        }
        boolean onNode = plc.database().read(handle -> plc.interfaces().interfaces(handle, node.nodeId())).stream()
                .anyMatch(each -> each.interfaceId() == interfaceId);
        if (!onNode) {
            throw PlanetLabException.notFound("no interface " + interfaceId + " on node " + node.hostname());
        }
        return attempt(request, () -> {
            ApiRules.check("UpdateInterface", 1, wire);
            actions.apply(request.caller(), "UpdateInterface", List.of(interfaceId), mutation ->
                    plc.interfaces().updateInterface(mutation, interfaceId, new InterfaceFields(changes)));
            return Reply.redirect("/site/nodes/" + node.nodeId() + "?done=interface-saved");
        });
    }

    /** RebootNode (a ping of death) or RebootNodeWithPCU (a power cycle through the node's PCU). */
    private Reply reboot(WebRequest request, boolean powerCycle) {
        NodeDetails node = managedNode(request);
        NodeRef ref = NodeRef.of(node.nodeId());
        return attempt(request, () -> {
            ApiRules.require(request.caller(), powerCycle ? "RebootNodeWithPCU" : "RebootNode");
            if (powerCycle) {
                plc.reboots().rebootNodeWithPcu(request.caller(), ref, false);
            } else {
                plc.reboots().rebootNode(request.caller(), ref);
            }
            return Reply.redirect("/site/nodes/" + node.nodeId() + "?done="
                    + (powerCycle ? "node-power-cycled" : "node-rebooted"));
        });
    }

    /**
     * Runs an action; a refusal about what was asked (a bad value, no interface to reboot through,
     * a PCU that did not answer) is shown on the node's page, next to the field it names.
     */
    /**
     * AddPCU at the node's site, with the fields the tech filled in; a refusal is said next to its
     * field. The password is stored for PLC's power cycles and never shown again.
     */
    private Reply addPcu(WebRequest request) {
        NodeDetails node = managedNode(request);
        Map<String, Optional<String>> fields = new LinkedHashMap<>();
        Map<String, Object> wire = new LinkedHashMap<>();
        for (String field : PCU_FIELDS) {
            String value = request.field("pcu_" + field);
            if (!value.isEmpty()) {
                fields.put(field, Optional.of(value));
                wire.put(field, value);
            }
        }
        try {
            ApiRules.check("AddPCU", 1, wire);
            actions.run(request.caller(), "AddPCU", List.of(node.siteId()), mutation ->
                    plc.pcus().addPcu(mutation, SiteRef.of(node.siteId()), new PcuFields(fields)));
        } catch (PlanetLabException e) {
            if (e.code().category() == ErrorCategory.USER_ERROR) {
                return page(request, FormErrors.from(e, Set.copyOf(PCU_FIELDS), "pcu_"));
            }
            throw e;
        }
        return Reply.redirect("/site/nodes/" + node.nodeId() + "?done=pcu-added");
    }

    /**
     * UpdatePCU: changes a PCU of the node's site; a field left empty keeps its value (the login
     * and password are never shown, so they change only when typed).
     */
    private Reply updatePcu(WebRequest request) {
        NodeDetails node = managedNode(request);
        long pcuId = request.pathId(1);
        PcuRemoval.requireSitePcu(plc, node, pcuId);
        String prefix = "pcu" + pcuId + "_";
        Map<String, Optional<String>> fields = new LinkedHashMap<>();
        Map<String, Object> wire = new LinkedHashMap<>();
        for (String field : PCU_FIELDS) {
            String value = request.field(prefix + field);
            if (!value.isEmpty()) {
                fields.put(field, Optional.of(value));
                wire.put(field, value);
            }
        }
        if (fields.isEmpty()) {
            return page(request, FormErrors.field(prefix + "ip", "Change at least one field of the PCU."));
        }
        try {
            ApiRules.check("UpdatePCU", 1, wire);
            actions.apply(request.caller(), "UpdatePCU", List.of(pcuId), mutation ->
                    plc.pcus().updatePcu(mutation, pcuId, new PcuFields(fields)));
        } catch (PlanetLabException e) {
            if (e.code().category() == ErrorCategory.USER_ERROR) {
                return page(request, FormErrors.from(e, Set.copyOf(PCU_FIELDS), prefix));
            }
            throw e;
        }
        return Reply.redirect("/site/nodes/" + node.nodeId() + "?done=pcu-updated");
    }

    /** AddNodeToPCU: wires this node to a PCU of its site on a port. */
    private Reply wirePcu(WebRequest request) {
        NodeDetails node = managedNode(request);
        long pcuId = request.longField("pcu").orElse(0);
        long port = request.longField("port").orElse(-1);
        if (port < 0) {
            return page(request, FormErrors.field("port", "Give the PCU's port the node is plugged into, a number."));
        }
        try {
            actions.apply(request.caller(), "AddNodeToPCU", List.of(node.nodeId(), pcuId, port), mutation ->
                    plc.pcus().addNodeToPcu(mutation, NodeRef.of(node.nodeId()), pcuId, port));
        } catch (PlanetLabException e) {
            ErrorCategory category = e.code().category();
            if (category == ErrorCategory.USER_ERROR || category == ErrorCategory.CONFLICT
                    || category == ErrorCategory.NOT_FOUND) {
                return page(request, FormErrors.field("port", e.getMessage()));
            }
            throw e;
        }
        return Reply.redirect("/site/nodes/" + node.nodeId() + "?done=pcu-wired");
    }

    private Reply attempt(WebRequest request, Supplier<Reply> action) {
        try {
            return action.get();
        } catch (PlanetLabException e) {
            ErrorCategory category = e.code().category();
            if (category == ErrorCategory.USER_ERROR || category == ErrorCategory.CONFLICT
                    || e.code() == ErrorCode.UNAVAILABLE) {
                return page(request, FormErrors.from(e, INTERFACE_FIELDS));
            }
            throw e;
        }
    }
}
