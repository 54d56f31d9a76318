package org.planetlab.portal.node;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.Plc;
import org.planetlab.plc.node.NodeDetails;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.portal.security.Actions;
import org.planetlab.portal.web.Reply;
import org.planetlab.portal.web.Routes;
import org.planetlab.portal.web.WebRequest;

/**
 * Removing a PCU of the node's site (DeletePCU, which also unwires every node from it) and
 * unwiring the node from one (DeleteNodeFromPCU), from the node's page. PLC's PCU service checks,
 * as for the API, that the person is at the PCU's site.
 */
final class PcuRemoval {
    private final Plc plc;
    private final Actions actions;

    PcuRemoval(Plc plc, Actions actions) {
        this.plc = requireNonNull(plc, "plc is null");
        this.actions = requireNonNull(actions, "actions is null");
    }

    void register(Routes routes) {
        routes.post("/site/nodes/{id}/pcus/{id}/delete", Routes.Access.SIGNED_IN, this::delete)
                .post("/site/nodes/{id}/pcus/{id}/unwire", Routes.Access.SIGNED_IN, this::unwire);
    }

    /** The PCU of the request's path if it is at the node's site; another site's PCU is not found from here. */
    static long requireSitePcu(Plc plc, NodeDetails node, long pcuId) {
        boolean ofTheSite = plc.database().read(handle -> plc.pcus().pcus(handle, node.siteId())).stream()
                .anyMatch(pcu -> pcu.pcuId() == pcuId);
        if (!ofTheSite) {
            throw PlanetLabException.notFound("no PCU " + pcuId + " at the site of " + node.hostname());
        }
        return pcuId;
    }

    private Reply delete(WebRequest request) {
        NodeDetails node = NodePages.managedNode(plc, request);
        long pcuId = requireSitePcu(plc, node, request.pathId(1));
        actions.apply(request.caller(), "DeletePCU", List.of(pcuId), mutation -> plc.pcus().deletePcu(mutation, pcuId));
        return Reply.redirect("/site/nodes/" + node.nodeId() + "?done=pcu-removed");
    }

    private Reply unwire(WebRequest request) {
        NodeDetails node = NodePages.managedNode(plc, request);
        long pcuId = requireSitePcu(plc, node, request.pathId(1));
        actions.apply(request.caller(), "DeleteNodeFromPCU", List.of(node.nodeId(), pcuId),
                mutation -> plc.pcus().removeNodeFromPcu(mutation, NodeRef.of(node.nodeId()), pcuId));
        return Reply.redirect("/site/nodes/" + node.nodeId() + "?done=pcu-unwired");
    }
}
