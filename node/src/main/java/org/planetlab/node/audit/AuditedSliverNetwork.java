package org.planetlab.node.audit;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;
import org.planetlab.node.net.ForwardingSliverNetwork;
import org.planetlab.node.net.SliverNetwork;
import org.planetlab.node.net.SliverNetworkHandle;
import org.planetlab.node.net.SliverNetworkSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sliver network whose slivers' flows are recorded: every attach gives the sliver's veth its
 * mark before the sliver can send, every detach takes it away (the mark keeps naming the slice in
 * the records). Everything else is the wrapped network's.
 *
 * <p>The slice id a mark names comes, in this order, from the attach itself when PLC's own slice
 * creation service bound the sliver (it gives the id of the view it acted on: nothing to ask on
 * the create path), at an agent's start from the mark this node last gave the same sliver on the
 * same device, and else from PLC ({@code sliceIds}). An id given by any other service is not
 * taken: a federated authority's service must not be able to name another slice's traffic.
 */
public final class AuditedSliverNetwork extends ForwardingSliverNetwork {
    private static final Logger LOG = LoggerFactory.getLogger(AuditedSliverNetwork.class);

    private final FlowCapture capture;
    private final Function<String, OptionalInt> sliceIds;
    private final String plcService;
    private final List<AutoCloseable> companions = new ArrayList<>();
    private volatile UploadCounters uploader;

    /**
     * @param sliceIds the slice's database id at PLC by sliver name; slivers without one (not yet
     *     known) are not recorded, which is logged
     * @param plcService the slice PLC's slice creation service runs as: the slice ids it gives
     *     with a sliver are PLC's
     */
    public AuditedSliverNetwork(SliverNetwork network, FlowCapture capture, Function<String, OptionalInt> sliceIds,
            String plcService) {
        super(network);
        this.capture = requireNonNull(capture, "capture is null");
        this.sliceIds = requireNonNull(sliceIds, "sliceIds is null");
        this.plcService = requireNonNull(plcService, "plcService is null");
    }

    /** Closes {@code companion} (the page, the store) when this network closes. */
    public void closeWith(AutoCloseable companion) {
        companions.add(requireNonNull(companion, "companion is null"));
    }

    public FlowCapture capture() {
        return capture;
    }

    /** Keeps the uploader that sends the capture's records to PLC, for the metrics. */
    public void uploadWith(UploadCounters flowUploader) {
        this.uploader = requireNonNull(flowUploader, "flowUploader is null");
    }

    /** The uploader sending the records to PLC; empty on a node without PLC. */
    public java.util.Optional<UploadCounters> uploader() {
        return java.util.Optional.ofNullable(uploader);
    }

    @Override
    public void start() {
        network.start();
        Map<String, Integer> ids = new HashMap<>();
        List<SliverNetworkHandle> handles = new ArrayList<>();
        for (String sliver : network.counters().keySet()) {
            network.handle(sliver).ifPresent(handle -> {
                handles.add(handle);
                sliceIdOf(handle, null).ifPresent(id -> ids.put(sliver, id));
            });
        }
        capture.start(ids, handles);
    }

    @Override
    public SliverNetworkHandle attach(SliverNetworkSpec spec) {
        SliverNetworkHandle handle = network.attach(spec);
        stamp(handle, spec);
        return handle;
    }

    @Override
    public void update(SliverNetworkSpec spec) {
        network.update(spec);
    }

    @Override
    public void detach(String sliverName) {
        network.detach(sliverName);
        capture.sliverDetached(sliverName);
    }

    @Override
    public void reconcile(Collection<SliverNetworkSpec> desired) {
        Map<String, SliverNetworkSpec> specs = new HashMap<>();
        desired.forEach(spec -> specs.put(spec.sliverName(), spec));
        try {
            network.reconcile(desired);
        } finally {
            // Which slivers are attached is the network's own bookkeeping (a handle), never its
            // traffic counters: a sliver missing from one reading of the veths' statistics would
            // lose its mark, and its connections their slice, until the next reconcile.
            for (String sliver : capture.attached().keySet()) {
                if (network.handle(sliver).isEmpty()) {
                    capture.sliverDetached(sliver);
                }
            }
            for (SliverNetworkSpec spec : specs.values()) {
                network.handle(spec.sliverName()).ifPresent(handle -> stamp(handle, spec));
            }
        }
    }

    @Override
    public void close() {
        try {
            capture.close();
            for (AutoCloseable companion : companions) {
                try {
                    companion.close();
                } catch (Exception e) {
                    LOG.warn("closing {} failed: {}", companion, e.getMessage());
                }
            }
        } finally {
            network.close();
        }
    }

    private void stamp(SliverNetworkHandle handle, SliverNetworkSpec spec) {
        OptionalInt sliceId = sliceIdOf(handle, spec);
        if (sliceId.isEmpty()) {
            LOG.warn("sliver {} has no known slice id: its flows are not recorded until it has one", handle.sliverName());
            return;
        }
        capture.sliverAttached(handle, sliceId.getAsInt());
    }

    /** @param spec what the sliver was attached with; null when not known (agent start) */
    private OptionalInt sliceIdOf(SliverNetworkHandle handle, SliverNetworkSpec spec) {
        if (spec != null && spec.sliceId() > 0 && spec.sliceId() <= Integer.MAX_VALUE && spec.boundBy().equals(plcService)) {
            return OptionalInt.of((int) spec.sliceId());
        }
        if (spec == null) {
            OptionalInt recorded = capture.recordedSliceId(handle);
            if (recorded.isPresent()) {
                return recorded;
            }
        }
        return sliceIds.apply(handle.sliverName());
    }
}
