package org.planetlab.trust.cert;

import static java.util.Objects.requireNonNull;

/**
 * A service slice on one node, e.g. {@code plc.scs} on node 121: the node manager certifies it
 * after identifying the calling slice from the kernel, never from what the caller claims
 * (Architecture §5.5).
 */
public record ServiceSubject(String sliceName, NodeSubject node) implements Subject {
    public ServiceSubject {
        sliceName = Names.sliceName(sliceName, "slice name");
        requireNonNull(node, "node is null");
    }

    @Override
    public String identity() {
        return "service:" + sliceName + "@node:" + node.nodeId();
    }

    @Override
    public String displayName() {
        return sliceName + " on " + node.displayName();
    }

    @Override
    public boolean canHoldIssuingRight() {
        return false;
    }
}
