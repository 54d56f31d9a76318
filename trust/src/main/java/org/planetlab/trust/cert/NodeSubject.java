package org.planetlab.trust.cert;

/**
 * A node, named by the management authority's node id and its DNS name. A node certificate is
 * signed by the node's management authority at boot (Architecture §4.8.2) and may carry the right
 * to issue certificates, limited to services on that same node.
 */
public record NodeSubject(long nodeId, String hostname) implements Subject {
    public NodeSubject {
        Names.nodeId(nodeId);
        hostname = Names.hostname(hostname);
    }

    @Override
    public String identity() {
        return "node:" + nodeId + "/" + hostname;
    }

    @Override
    public String displayName() {
        return "node " + nodeId + " (" + hostname + ")";
    }

    @Override
    public boolean canHoldIssuingRight() {
        return true;
    }
}
