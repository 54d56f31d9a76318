package org.planetlab.api.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.planetlab.api.error.PlanetLabException;

class FlowWireTest {
    private static FlowRecord record(int nodeId) {
        return new FlowRecord(nodeId, 12, "princeton_codeen", FlowRecord.Direction.OUTBOUND, 6,
                1_790_000_000_000L, 1_790_000_000_250L, "10.0.3.2", 40_000, "192.0.2.7", 61_000,
                "2001:db8::5", 443, 10, 5_000_000_000L, 8, 640, 0x1b, false);
    }

    @Test
    void aBatchSurvivesTheWireUnchanged() {
        FlowBatch batch = new FlowBatch(3, 7, List.of(record(3), record(3)));
        assertThat(FlowWire.batchFromWire(FlowWire.toWire(batch))).isEqualTo(batch);
    }

    @Test
    void aRecordOfAnotherNodeCannotRideInABatch() {
        assertThatThrownBy(() -> new FlowBatch(3, 1, List.of(record(4))))
                .isInstanceOf(PlanetLabException.class)
                .hasMessageContaining("a record of node 4 in a batch of node 3");
    }

    @Test
    void absurdValuesAreRefusedByName() {
        Map<String, Object> wire = new LinkedHashMap<>(FlowWire.toWire(record(3)));
        wire.put(FlowWire.BYTES_IN, -1L);
        assertThatThrownBy(() -> FlowWire.recordFromWire(wire)).hasMessageContaining("must not be negative");
        wire.put(FlowWire.BYTES_IN, 640L);
        wire.put(FlowWire.REMOTE_ADDRESS, "example.org");
        assertThatThrownBy(() -> FlowWire.recordFromWire(wire))
                .hasMessageContaining("remote_address is not an IP address literal: \"example.org\"");
        wire.put(FlowWire.REMOTE_ADDRESS, "10.0.0.1");
        wire.put(FlowWire.END, 1L);
        assertThatThrownBy(() -> FlowWire.recordFromWire(wire)).hasMessageContaining("is before start");
        wire.put(FlowWire.END, 1_790_000_000_250L);
        wire.put(FlowWire.SLICE_NAME, "x'; drop table flows;--");
        assertThatThrownBy(() -> FlowWire.recordFromWire(wire)).hasMessageContaining("slice name is not a login name");
        wire.remove(FlowWire.SLICE_NAME);
        assertThatThrownBy(() -> FlowWire.recordFromWire(wire)).hasMessageContaining("'slice_name' is missing");
    }
}
