package org.planetlab.plc.audit;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.planetlab.api.audit.FlowRecord;

/** A recorded complaint, as operators and PIs see it. */
public record Complaint(long complaintId, long sliceId, String sliceName, long nodeId, String reporterName,
        String reporterEmail, String text, FlowRecord flow, ComplaintStatus status, Optional<String> note, long created,
        long lastUpdated, Optional<Long> updatedByPersonId, Optional<Long> reportedByPersonId,
        Optional<Long> reportedByNodeId, List<String> notified, boolean mailed) {
    public Complaint {
        requireNonNull(sliceName, "sliceName is null");
        requireNonNull(reporterName, "reporterName is null");
        requireNonNull(reporterEmail, "reporterEmail is null");
        requireNonNull(text, "text is null");
        requireNonNull(flow, "flow is null");
        requireNonNull(status, "status is null");
        requireNonNull(note, "note is null");
        requireNonNull(updatedByPersonId, "updatedByPersonId is null");
        requireNonNull(reportedByPersonId, "reportedByPersonId is null");
        requireNonNull(reportedByNodeId, "reportedByNodeId is null");
        notified = List.copyOf(notified);
    }

    /** Which complaints to list. */
    public record Filter(Optional<Long> complaintId, Optional<Long> sliceId, Optional<ComplaintStatus> status, int limit) {
        public Filter {
            requireNonNull(complaintId, "complaintId is null");
            requireNonNull(sliceId, "sliceId is null");
            requireNonNull(status, "status is null");
        }

        public static final Filter NEWEST = new Filter(Optional.empty(), Optional.empty(), Optional.empty(), 100);
    }
}
