package org.planetlab.node.audit.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.audit.FlowBatch;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.api.audit.FlowWire;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.audit.FlowStore;

class FlowUploaderTest {
    @TempDir
    Path directory;
    private Instant now = Instant.parse("2026-12-01T00:10:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    /** PLC as the uploads see it: stores each sequence once, can be switched off. */
    private static final class FakePlc implements FlowSink {
        final Map<Long, FlowBatch> stored = new HashMap<>();
        final List<FlowBatch> attempts = new ArrayList<>();
        boolean down;
        int answersBeforeOutage = Integer.MAX_VALUE;

        @Override
        public Map<?, ?> upload(Map<String, Object> wire) {
            FlowBatch batch = FlowWire.batchFromWire(wire);
            attempts.add(batch);
            if (down || answersBeforeOutage-- <= 0) {
                down = true;
                throw new PlanetLabException(ErrorCode.UNAVAILABLE, "cannot reach PLC");
            }
            boolean duplicate = stored.putIfAbsent(batch.sequence(), batch) != null;
            return Map.of("sequence", batch.sequence(), "stored", duplicate ? 0 : batch.records().size(), "duplicate", duplicate);
        }
    }

    @Test
    void batchesAreNumberedWithoutGapsAndAnOutageOrCrashResendsTheSameRecords() {
        FakePlc plc = new FakePlc();
        int written = 0;
        try (FlowStore store = new FlowStore(directory.resolve("flows"), clock, Duration.ofDays(7), 1L << 30)) {
            for (int hour = 0; hour < 3; hour++) {
                List<FlowRecord> records = new ArrayList<>();
                for (int i = 0; i < 9; i++) {
                    records.add(flow(written++, now.toEpochMilli()));
                }
                store.append(records);
                now = now.plus(Duration.ofHours(1));
            }
            plc.answersBeforeOutage = 1;
            FlowUploader uploader = new FlowUploader(store, plc, 3, directory, 10);
            assertThat(uploader.uploadAll()).as("the first batch, then PLC goes away").isEqualTo(1);
            assertThat(uploader.lastAcknowledged()).isEqualTo(1);
            assertThat(List.of(uploader.batchesUploaded(), uploader.recordsUploaded(), uploader.failures())).containsExactly(1L, 10L, 1L);
            assertThat(uploader.pendingRecords()).as("the batch waiting for PLC").isEqualTo(10);
            assertThat(uploader.caughtUpAt()).as("never caught up").isZero();

            plc.down = false;
            plc.answersBeforeOutage = Integer.MAX_VALUE;
            FlowUploader restarted = new FlowUploader(store, plc, 3, directory, 10, clock);
            assertThat(restarted.uploadAll()).isEqualTo(2);
            assertThat(List.of(restarted.batchesUploaded(), restarted.recordsUploaded(), restarted.failures())).containsExactly(2L, 17L, 0L);
            assertThat(restarted.pendingRecords()).isZero();
            assertThat(restarted.caughtUpAt()).isEqualTo(now.getEpochSecond());

            store.append(List.of(flow(written++, now.toEpochMilli())));
            new FlowUploader(store, plc, 3, directory, 10).uploadAll();
        }
        assertThat(plc.stored.keySet()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
        List<Integer> ports = plc.stored.values().stream().flatMap(batch -> batch.records().stream())
                .map(FlowRecord::remotePort).sorted().toList();
        assertThat(ports).as("every record once").hasSize(written).doesNotHaveDuplicates();
        assertThat(plc.stored.get(1L).records()).hasSize(10);
        List<FlowBatch> second = plc.attempts.stream().filter(batch -> batch.sequence() == 2).toList();
        assertThat(second).as("batch 2 tried during the outage and sent after the restart").hasSize(2);
        assertThat(second.get(0)).isEqualTo(second.get(1));
    }

    @Test
    void aBatchWrittenBeforeACrashIsResentWithTheSameRecordsEvenIfTheStoreGrew() {
        FakePlc plc = new FakePlc();
        try (FlowStore store = new FlowStore(directory.resolve("flows"), clock, Duration.ofDays(7), 1L << 30)) {
            store.append(List.of(flow(1, now.toEpochMilli()), flow(2, now.toEpochMilli())));
            plc.down = true;
            new FlowUploader(store, plc, 3, directory, 10).uploadAll();
            store.append(List.of(flow(3, now.toEpochMilli())));
            plc.down = false;
            plc.answersBeforeOutage = Integer.MAX_VALUE;
            new FlowUploader(store, plc, 3, directory, 10).uploadAll();
        }
        assertThat(plc.stored.get(1L).records()).extracting(FlowRecord::remotePort).containsExactly(1, 2);
        assertThat(plc.stored.get(2L).records()).extracting(FlowRecord::remotePort).containsExactly(3);
    }

    /**
     * The agent killed and started again within the hour: the records written after the restart
     * reach PLC, each once, although the uploader's position was already past their offset in
     * the hour's segment (a new segment of the same hour would have hidden them).
     */
    @Test
    void recordsWrittenAfterARestartInTheSameHourAreUploadedOnce() {
        FakePlc plc = new FakePlc();
        FlowStore before = new FlowStore(directory.resolve("flows"), clock, Duration.ofDays(7), 1L << 30);
        before.append(List.of(flow(1, now.toEpochMilli()), flow(2, now.toEpochMilli()), flow(3, now.toEpochMilli())));
        new FlowUploader(before, plc, 3, directory, 10, clock).uploadAll();
        before.append(List.of(flow(4, now.toEpochMilli())));
        // Killed here: nothing closed; the next agent opens the same directory a minute later.
        now = now.plus(Duration.ofMinutes(1));
        try (FlowStore after = new FlowStore(directory.resolve("flows"), clock, Duration.ofDays(7), 1L << 30)) {
            after.append(List.of(flow(5, now.toEpochMilli())));
            FlowUploader uploader = new FlowUploader(after, plc, 3, directory, 10, clock);
            uploader.uploadAll();
            after.append(List.of(flow(6, now.toEpochMilli()), flow(7, now.toEpochMilli())));
            uploader.uploadAll();
        }
        assertThat(plc.stored.values().stream().flatMap(batch -> batch.records().stream()).map(FlowRecord::remotePort).sorted())
                .as("every record once").containsExactly(1, 2, 3, 4, 5, 6, 7);
    }

    private static FlowRecord flow(int port, long start) {
        return new FlowRecord(3, 11, "princeton_codeen", FlowRecord.Direction.OUTBOUND, 17, start, start + 10, "10.200.0.3",
                40000, "203.0.113.5", 61000, "192.0.2.1", port, 1, 40, 0, 0, 0, false);
    }
}
