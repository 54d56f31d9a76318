package org.planetlab.plc.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.planetlab.api.audit.FlowBatch;
import org.planetlab.api.audit.FlowRecord;

/**
 * A batch's digest is what the archive's ledger compares a resend with: it must stay the same
 * across PLC versions, or a batch resent after an upgrade would be refused as changed.
 */
class BatchDigestTest {
    @Test
    void aBatchDigestsAsItAlwaysDidAndAnyChangedFieldChangesIt() {
        FlowRecord v6 = new FlowRecord(5, 8, "demo_b", FlowRecord.Direction.INBOUND, 17, 1_000_000, 1_000_005,
                "10.0.0.3", 53, "198.51.100.2", 53, "2001:db8:0:0::1", 4444, 0, 0, 1, 60, 0, true);
        FlowRecord v4 = new FlowRecord(5, 9, "demo_c", FlowRecord.Direction.OUTBOUND, 6, 2_000_000, 2_000_900,
                "10.0.1.2", 40000, "198.51.100.2", 50000, "192.0.2.7", 443, 3, 300, 2, 200, 27, false);
        // Computed by the digest as first released, which hashed field by field.
        assertThat(FlowUploads.digest(new FlowBatch(5, 3, List.of(v6, v4))))
                .isEqualTo("b2ab460f5244230f1a9563b054debc107ba458f904a46de05a729705c3a0b6ea");
        FlowRecord otherPort = new FlowRecord(5, 9, "demo_c", FlowRecord.Direction.OUTBOUND, 6, 2_000_000, 2_000_900,
                "10.0.1.2", 40000, "198.51.100.2", 50000, "192.0.2.7", 444, 3, 300, 2, 200, 27, false);
        assertThat(FlowUploads.digest(new FlowBatch(5, 3, List.of(v6, otherPort))))
                .isNotEqualTo(FlowUploads.digest(new FlowBatch(5, 3, List.of(v6, v4))));
        List<FlowRecord> many = Flows.batch(4, 1, 7, "demo_a", 1_000_000, 2_000).records();
        assertThat(FlowUploads.digest(new FlowBatch(4, 1, many))).isNotEqualTo(FlowUploads.digest(new FlowBatch(4, 1,
                many.subList(0, 1_999))));
    }
}
