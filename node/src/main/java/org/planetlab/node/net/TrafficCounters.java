package org.planetlab.node.net;

/** Traffic of one sliver since its network was attached. */
public record TrafficCounters(long bytesSent, long packetsSent, long bytesReceived, long packetsReceived) {}
