package org.planetlab.node.net;

/**
 * Traffic of one sliver since its network was attached, counted on the node's end of its veth:
 * "sent" is everything the sliver handed to the node (including packets the filters then
 * dropped), "received" everything the node delivered to it.
 */
public record TrafficCounters(long bytesSent, long packetsSent, long bytesReceived, long packetsReceived) {}
