package org.planetlab.portal.node;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.planetlab.api.error.ErrorCategory;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.Plc;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.monitor.AvailabilityReports;
import org.planetlab.plc.node.InterfaceFields;
import org.planetlab.plc.node.NewNode;
import org.planetlab.plc.node.NodeDetails;
import org.planetlab.plc.node.NodeFilter;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.site.SiteDetails;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.portal.security.Actions;
import org.planetlab.portal.security.ApiRules;
import org.planetlab.portal.site.SiteChoice;
import org.planetlab.portal.slice.Times;
import org.planetlab.portal.web.FormErrors;
import org.planetlab.portal.web.Reply;
import org.planetlab.portal.web.Routes;
import org.planetlab.portal.web.WebRequest;

/**
 * A site's nodes, for its techs and PIs (and operators): each with its boot state and whether the
 * monitor sees it up, and registering a new node with its primary interface, as AddNode and
 * AddInterface do, in one step so that its {@code plnode.txt} can be downloaded right after.
 */
public final class SiteNodePages {
    private static final Set<String> REGISTER_FIELDS = Set.of("hostname", "method", "ip", "netmask", "gateway",
            "dns1", "mac");

    private final Plc plc;
    private final Actions actions;

    public SiteNodePages(Plc plc) {
        this.plc = requireNonNull(plc, "plc is null");
        this.actions = new Actions(plc);
    }

    public void register(Routes routes) {
        routes.get("/site/nodes", Routes.Access.SIGNED_IN, request -> page(request, FormErrors.NONE))
                .post("/site/nodes", Routes.Access.SIGNED_IN, this::registerNode);
        new NodePages(plc, actions).register(routes);
    }

    /** The site the page is about; those who may not manage nodes (UpdateNode's roles) are refused. */
    private SiteDetails site(WebRequest request) {
        return SiteChoice.chosen(plc, request, "UpdateNode");
    }

    private Reply page(WebRequest request, FormErrors errors) {
        Caller caller = request.caller();
        SiteDetails site = site(request);
        List<NodeDetails> nodes = plc.nodes().nodes(NodeFilter.all(1000).atSite(site.siteId()));
        Map<Long, String> availability = new LinkedHashMap<>();
        if (!nodes.isEmpty()) {
            List<Object> ids = nodes.stream().map(node -> (Object) node.nodeId()).toList();
            for (AvailabilityReports.NodeStatus status : plc.database().read(handle ->
                    plc.monitoring().reports().status(handle, caller, Optional.of(ids)))) {
                availability.put(status.nodeId(), status.state());
            }
        }
        List<NodeRow> rows = nodes.stream().map(node -> new NodeRow(node.nodeId(), node.hostname(), node.siteId(),
                site.name(), node.bootState(), node.lastContact().isPresent()
                        ? Times.utc(node.lastContact().getAsLong()) : "never")).toList();
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("frame", request.frame("Nodes of " + site.name()));
        parameters.put("site", site);
        parameters.put("sites", SiteChoice.own(plc, caller));
        parameters.put("nodes", rows);
        parameters.put("availability", availability);
        parameters.put("mayRegister", ApiRules.may(caller, "AddNode"));
        parameters.put("form", request.method().equals("POST") ? request.fields() : Map.of());
        parameters.put("errors", errors);
        return Reply.page(errors.isEmpty() ? 200 : 400, "site-nodes.jte", parameters);
    }

    private Reply registerNode(WebRequest request) {
        Caller caller = request.caller();
        SiteDetails site = site(request);
        String hostname = request.field("hostname");
        boolean dhcp = request.field("method").equals("dhcp");
        Map<String, Optional<Object>> settings = new LinkedHashMap<>();
        settings.put("method", Optional.of(dhcp ? "dhcp" : "static"));
        settings.put("type", Optional.of("ipv4"));
        for (String field : List.of("ip", "netmask", "gateway", "dns1", "mac")) {
            if (!request.field(field).isEmpty()) {
                settings.put(field, Optional.of(request.field(field)));
            }
        }
        Map<String, Object> wireInterface = new LinkedHashMap<>();
        settings.forEach((name, value) -> wireInterface.put(name, value.orElseThrow()));
        long nodeId;
        try {
            if (hostname.isEmpty()) {
                return page(request, FormErrors.field("hostname", "Enter the node's fully qualified host name."));
            }
            ApiRules.check("AddNode", 1, Map.of("hostname", hostname));
            ApiRules.check("AddInterface", 1, wireInterface);
            ApiRules.require(caller, "AddInterface");
            nodeId = actions.run(caller, "AddNode", List.of(site.loginBase(), hostname), mutation -> {
                long id = plc.nodes().addNode(mutation, SiteRef.of(site.siteId()), NewNode.named(hostname));
                plc.interfaces().addInterface(mutation, NodeRef.of(id), new InterfaceFields(settings));
                return id;
            });
        } catch (PlanetLabException e) {
            if (e.code().category() == ErrorCategory.USER_ERROR || e.code().category() == ErrorCategory.CONFLICT) {
                return page(request, FormErrors.from(e, REGISTER_FIELDS));
            }
            throw e;
        }
        return Reply.redirect("/site/nodes/" + nodeId + "?done=node-registered");
    }
}
