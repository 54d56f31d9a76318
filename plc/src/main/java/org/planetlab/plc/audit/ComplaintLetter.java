package org.planetlab.plc.audit;

import java.time.Instant;
import org.planetlab.api.audit.FlowRecord;

/**
 * The mail a complaint causes: what was reported, about which flow, and how to answer the
 * reporter. Plain text; every value in it was checked when the complaint was filed, and none of
 * it goes into a header but the subject, built from the slice's name and the node's host name.
 */
final class ComplaintLetter {
    private ComplaintLetter() {}

    static String subject(long complaintId, String sliceName, String hostname) {
        return "PlanetLab complaint " + complaintId + ": traffic of slice " + sliceName + " from " + hostname;
    }

    static String body(long complaintId, NewComplaint complaint, String sliceName, String hostname, String filedBy) {
        FlowRecord flow = complaint.flow();
        return """
                Someone has complained about traffic of the PlanetLab slice %s.
                You receive this as a user of the slice, a PI or technical contact of its site, or PlanetLab support.

                Complaint:   %d
                Reporter:    %s <%s>
                Filed via:   %s

                %s

                The flow:
                  node:        %s (node %d), public address %s port %d
                  slice:       %s (slice %d), sliver address %s port %d
                  remote end:  %s port %d
                  protocol:    %d, %s
                  time:        %s to %s (UTC)
                  sent:        %d packets, %d bytes
                  received:    %d packets, %d bytes%s

                Please answer the reporter and then mark the complaint answered or closed:
                  pl complaint close %d --note "what was done"
                """.formatted(sliceName, complaintId, complaint.reporterName(), complaint.reporterEmail(), filedBy,
                complaint.text().strip(), hostname, flow.nodeId(), flow.publicAddress(), flow.publicPort(), sliceName,
                flow.sliceId(), flow.sliverAddress(), flow.sliverPort(), flow.remoteAddress(), flow.remotePort(),
                flow.protocol(), flow.direction() == FlowRecord.Direction.OUTBOUND ? "opened by the sliver"
                        : "opened from outside", Instant.ofEpochMilli(flow.startMillis()),
                Instant.ofEpochMilli(flow.endMillis()), flow.packetsOut(), flow.bytesOut(), flow.packetsIn(),
                flow.bytesIn(), flow.dropped() ? "\n  the node's filters dropped these packets" : "", complaintId);
    }
}
