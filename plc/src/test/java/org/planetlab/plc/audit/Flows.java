package org.planetlab.plc.audit;

import java.util.ArrayList;
import java.util.List;
import org.planetlab.api.audit.FlowBatch;
import org.planetlab.api.audit.FlowRecord;

/** Flow records and batches for tests. */
final class Flows {
    private Flows() {}

    static FlowRecord flow(int nodeId, int sliceId, String sliceName, long startMillis, String remoteAddress,
            int remotePort, long bytesOut) {
        return new FlowRecord(nodeId, sliceId, sliceName, FlowRecord.Direction.OUTBOUND, 6, startMillis,
                startMillis + 1_000, "10.0.0.2", 40_000, "198.51.100.1", 50_000, remoteAddress, remotePort, 1,
                Math.max(20, bytesOut), 1, 40, 0x1b, false);
    }

    /** {@code count} flows of one slice, one a second from {@code startMillis}, to 192.0.2.(i % 200). */
    static FlowBatch batch(int nodeId, long sequence, int sliceId, String sliceName, long startMillis, int count) {
        List<FlowRecord> records = new ArrayList<>(count);
        for (int index = 0; index < count; index++) {
            records.add(flow(nodeId, sliceId, sliceName, startMillis + index * 1_000L, "192.0.2." + (index % 200),
                    1_000 + index % 50, 100 + index));
        }
        return new FlowBatch(nodeId, sequence, records);
    }
}
