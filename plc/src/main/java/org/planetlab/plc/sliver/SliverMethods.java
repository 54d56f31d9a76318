package org.planetlab.plc.sliver;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.List;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.sliver.GetSliversWire;
import org.planetlab.api.sliver.SliverApi;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.node.Nodes;

/** GetSlivers: the per-node view, with a cheap answer when the node's version is current. */
public final class SliverMethods {
    private final SliverViews views;
    private final LastContacts lastContacts;

    private final Clock clock;

    public SliverMethods(SliverViews views, LastContacts lastContacts, Clock clock) {
        this.views = requireNonNull(views, "views is null");
        this.lastContacts = requireNonNull(lastContacts, "lastContacts is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind(SliverApi.GET_SLIVERS, this::waitForChange, this::getSlivers);
    }

    /** The long poll: a node that has the current view waits, outside any transaction. */
    private void waitForChange(Caller caller, List<Object> args) {
        Object version = args.size() > 1 ? args.get(1) : null;
        Object wait = args.size() > 2 ? args.get(2) : null;
        if (version instanceof String known && wait instanceof Long seconds && seconds > 0 && caller.isNode()) {
            views.awaitChange(caller.nodeId().orElseThrow(), known, seconds * 1000, clock);
        }
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
        SliverViews.VersionedView view = views.get(call.lazyDb(), nodeId, call.now());
        if (view.version().equals(call.arg(1))) {
            return GetSliversWire.unchanged(view.version());
        }
        return GetSliversWire.full(view.version(), call.now(), view.wire());
    }
}
