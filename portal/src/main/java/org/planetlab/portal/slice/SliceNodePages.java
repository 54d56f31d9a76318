package org.planetlab.portal.slice;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.planetlab.api.error.ErrorCategory;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.Plc;
import org.planetlab.plc.node.NodeDetails;
import org.planetlab.plc.node.NodeFilter;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.slice.SliceDetails;
import org.planetlab.plc.slice.SliceRef;
import org.planetlab.portal.node.NodeBrowser;
import org.planetlab.portal.security.Actions;
import org.planetlab.portal.web.FormErrors;
import org.planetlab.portal.web.Reply;
import org.planetlab.portal.web.Routes;
import org.planetlab.portal.web.WebRequest;

/** Adding a slice to nodes picked from the node browser, and removing it from nodes. */
final class SliceNodePages {
    private final Plc plc;
    private final Actions actions;
    private final NodeBrowser browser;

    SliceNodePages(Plc plc, Actions actions) {
        this.plc = requireNonNull(plc, "plc is null");
        this.actions = requireNonNull(actions, "actions is null");
        this.browser = new NodeBrowser(plc);
    }

    void register(Routes routes) {
        routes.get("/slices/{id}/nodes", Routes.Access.SIGNED_IN, request -> page(request, FormErrors.NONE))
                .post("/slices/{id}/nodes", Routes.Access.SIGNED_IN, request -> change(request, true))
                .post("/slices/{id}/nodes/remove", Routes.Access.SIGNED_IN, request -> change(request, false));
    }

    private Reply page(WebRequest request, FormErrors errors) {
        SliceDetails slice = SlicePages.managedSlice(plc, request);
        Set<Long> already = plc.nodes().nodes(NodeFilter.all(1000).runningSlice(slice.sliceId())).stream()
                .map(NodeDetails::nodeId).collect(Collectors.toSet());
        return Reply.page(errors.isEmpty() ? 200 : 400, "slice-nodes.jte", Map.of("frame",
                request.frame("Add nodes to " + slice.name()), "slice", slice, "listing", browser.listing(request),
                "already", already, "errors", errors));
    }

    private Reply change(WebRequest request, boolean add) {
        SliceDetails slice = SlicePages.managedSlice(plc, request);
        List<NodeRef> nodes = new ArrayList<>();
        for (String value : request.fieldValues("node")) {
            try {
                nodes.add(NodeRef.of(Long.parseLong(value)));
            } catch (NumberFormatException e) {
                throw PlanetLabException.invalidArgument("node: not a node id: " + value);
            }
        }
        if (nodes.isEmpty()) {
            return add ? page(request, FormErrors.field("node", "Choose at least one node."))
                    : Reply.redirect("/slices/" + slice.sliceId());
        }
        String method = add ? "AddSliceToNodes" : "DeleteSliceFromNodes";
        try {
            actions.apply(request.caller(), method, List.of(slice.sliceId(), nodes.stream().map(NodeRef::key).toList()),
                    mutation -> plc.sliceMembership().changeNodes(mutation, method, SliceRef.of(slice.sliceId()),
                            nodes, add));
        } catch (PlanetLabException e) {
            if (add && (e.code().category() == ErrorCategory.LIMIT || e.code().category() == ErrorCategory.NOT_FOUND)) {
                return page(request, FormErrors.field("node", e.getMessage()));
            }
            throw e;
        }
        return Reply.redirect("/slices/" + slice.sliceId() + "?done=" + (add ? "nodes-added" : "nodes-removed"));
    }
}
