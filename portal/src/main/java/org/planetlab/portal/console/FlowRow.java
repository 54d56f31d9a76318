package org.planetlab.portal.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.planetlab.api.audit.FlowRecord;

/** One flow of the archive as "who sent this?" lists it. */
public record FlowRow(String node, String slice, String direction, String protocol, String start, String sliver,
        String remote, long bytes) {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    static FlowRow of(FlowRecord flow, Map<Long, String> hostnames) {
        String protocol = switch (flow.protocol()) {
            case 6 -> "TCP";
            case 17 -> "UDP";
            case 1 -> "ICMP";
            default -> "protocol " + flow.protocol();
        };
        return new FlowRow(hostnames.getOrDefault((long) flow.nodeId(), "node " + flow.nodeId()), flow.sliceName(),
                flow.direction().name().toLowerCase(java.util.Locale.ROOT), protocol,
                SECONDS.format(Instant.ofEpochMilli(flow.startMillis())),
                flow.publicAddress() + ":" + flow.publicPort(), flow.remoteAddress() + ":" + flow.remotePort(),
                flow.bytesOut() + flow.bytesIn());
    }
}
