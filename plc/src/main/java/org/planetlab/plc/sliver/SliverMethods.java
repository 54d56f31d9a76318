package org.planetlab.plc.sliver;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.node.Nodes;

/** GetSlivers: the per-node view, with a cheap answer when the node's version is current. */
public final class SliverMethods {
    private final SliverViews views;
    private final LastContacts lastContacts;

    public SliverMethods(SliverViews views, LastContacts lastContacts) {
        this.views = requireNonNull(views, "views is null");
        this.lastContacts = requireNonNull(lastContacts, "lastContacts is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("GetSlivers", this::getSlivers);
    }

    private Object getSlivers(Call call) {
        long nodeId;
        if (call.arg(0) == null) {
            nodeId = call.caller().nodeId().orElseThrow(() -> PlanetLabException.invalidArgument(
                    "node_id_or_hostname: name the node; only a node calling for itself may leave it out"));
        } else {
            nodeId = Nodes.require(call.db(), call.arg(0)).nodeId();
        }
        if (call.caller().isNode() && call.caller().nodeId().orElseThrow() != nodeId) {
            throw PlanetLabException.permissionDenied("GetSlivers: a node may ask only for its own view");
        }
        if (call.caller().isNode()) {
            lastContacts.record(nodeId, call.now());
        }
        SliverViews.VersionedView view = views.get(call.db(), nodeId, call.now());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("version", view.version());
        if (view.version().equals(call.arg(1))) {
            answer.put("unchanged", true);
            return answer;
        }
        answer.put("timestamp", call.now());
        answer.putAll(view.body());
        return answer;
    }
}
