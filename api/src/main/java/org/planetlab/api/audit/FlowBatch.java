package org.planetlab.api.audit;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * A node's upload of flow records to PLC. Batches are numbered from 1 per node, without gaps;
 * PLC stores a batch once, so a node that resends a batch after a crash (it cannot know whether
 * PLC committed it) causes no double counting. A resent batch must be exactly the batch sent
 * before (the same records in the same order): PLC refuses a batch numbered like a stored one but
 * with other records, so new records always get a new number. Batches may arrive out of order;
 * PLC refuses a number far beyond the highest it stored for the node.
 *
 * @param nodeId the uploading node; every record's {@code nodeId}
 * @param sequence the batch's number, from 1
 * @param records the flows, at most {@link #MAX_RECORDS}
 */
public record FlowBatch(int nodeId, long sequence, List<FlowRecord> records) {
    /** The most records one batch may carry. */
    public static final int MAX_RECORDS = 10_000;

    public FlowBatch {
        requireNonNull(records, "records is null");
        records = List.copyOf(records);
        if (nodeId <= 0) {
            throw invalid("node_id must be positive, got " + nodeId);
        }
        if (sequence <= 0) {
            throw invalid("the batch sequence starts at 1, got " + sequence);
        }
        if (records.size() > MAX_RECORDS) {
            throw invalid("a batch carries at most " + MAX_RECORDS + " records, got " + records.size());
        }
        for (FlowRecord record : records) {
            if (record.nodeId() != nodeId) {
                throw invalid("a record of node " + record.nodeId() + " in a batch of node " + nodeId);
            }
        }
    }

    private static PlanetLabException invalid(String message) {
        return new PlanetLabException(ErrorCode.INVALID_ARGUMENT, "flow batch: " + message);
    }
}
