package org.planetlab.node.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.audit.FlowRecord;

class FlowStoreTest {
    private static final long HOUR = 3_600_000;
    @TempDir
    Path directory;
    private Instant now = Instant.parse("2026-12-01T00:30:00Z");
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void queriesFindFlowsByRemoteAddressTimePortAndProtocolAcrossHourlySegments() throws Exception {
        try (FlowStore store = new FlowStore(directory, clock, Duration.ofDays(7), 1L << 30)) {
            for (int hour = 0; hour < 5; hour++) {
                long at = now.toEpochMilli();
                store.append(List.of(flow("192.0.2.1", 6, 80, at - 1000), flow("192.0.2.2", 17, 53, at - 1000)));
                now = now.plusMillis(HOUR);
            }
            long start = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
            assertThat(store.query(query("192.0.2.1", start, start + 5 * HOUR, OptionalInt.empty(), OptionalInt.empty())))
                    .hasSize(5);
            assertThat(store.query(query("192.0.2.1", start + 2 * HOUR + HOUR / 2 - 2000, start + 2 * HOUR + HOUR / 2, OptionalInt.empty(), OptionalInt.empty())))
                    .as("one hour's flow").hasSize(1);
            assertThat(store.query(query("192.0.2.2", start, start + 5 * HOUR, OptionalInt.of(53), OptionalInt.of(17)))).hasSize(5);
            assertThat(store.query(query("192.0.2.2", start, start + 5 * HOUR, OptionalInt.of(80), OptionalInt.empty()))).isEmpty();
            assertThat(store.query(query("192.0.2.9", start, start + 5 * HOUR, OptionalInt.empty(), OptionalInt.empty()))).isEmpty();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
    }

    @Test
    void aRecordCutShortByACrashIsDroppedAndTheNextOnesStillRead() throws Exception {
        long at = now.toEpochMilli();
        try (FlowStore store = new FlowStore(directory, clock, Duration.ofDays(7), 1L << 30)) {
            store.append(List.of(flow("192.0.2.1", 6, 80, at)));
        }
        Path open = onlyFile();
        Files.write(open, new byte[] {0, 90, 1, 0, 0}, StandardOpenOption.APPEND);
        try (FlowStore store = new FlowStore(directory, clock, Duration.ofDays(7), 1L << 30)) {
            assertThat(store.query(query("192.0.2.1", at - HOUR, at + HOUR, OptionalInt.empty(), OptionalInt.empty()))).hasSize(1);
        }
        now = now.plusMillis(HOUR);
        try (FlowStore store = new FlowStore(directory, clock, Duration.ofDays(7), 1L << 30)) {
            store.append(List.of(flow("192.0.2.1", 6, 81, now.toEpochMilli())));
            assertThat(store.query(query("192.0.2.1", at - HOUR, now.toEpochMilli() + 1, OptionalInt.empty(), OptionalInt.empty())))
                    .extracting(FlowRecord::remotePort).containsExactly(80, 81);
        }
    }

    @Test
    void oldFlowsLeaveAtTheRetentionAndTheBudgetDeletesEarlyOnlyLoudly() {
        long budget = 20_000;
        try (FlowStore store = new FlowStore(directory, clock, Duration.ofHours(3), budget)) {
            for (int hour = 0; hour < 6; hour++) {
                store.append(List.of(flow("192.0.2.1", 6, 80, now.toEpochMilli())));
                now = now.plusMillis(HOUR);
            }
            store.append(List.of(flow("192.0.2.1", 6, 80, now.toEpochMilli())));
            assertThat(store.budgetDeletions()).as("a few small segments fit the budget").isZero();
            assertThat(store.query(query("192.0.2.1", 0, now.toEpochMilli(), OptionalInt.empty(), OptionalInt.empty())))
                    .as("only the last 3 hours and the current one are kept").hasSizeBetween(3, 5);

            List<FlowRecord> many = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                many.add(flow("192.0.2.3", 17, i, now.toEpochMilli()));
            }
            store.append(many);
            now = now.plusMillis(HOUR);
            store.append(many);
            now = now.plusMillis(HOUR);
            store.append(List.of(flow("192.0.2.1", 6, 80, now.toEpochMilli())));
            assertThat(store.budgetDeletions()).as("the budget forced deletions").isPositive();
            assertThat(store.sizeBytes()).isLessThanOrEqualTo(budget);
        }
    }

    private Path onlyFile() throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(path -> path.getFileName().toString().endsWith(".open")).findFirst().orElseThrow();
        }
    }

    private static FlowQuery query(String remote, long from, long to, OptionalInt port, OptionalInt protocol) {
        return new FlowQuery(remote, from, to, port, protocol, 1000);
    }

    private static FlowRecord flow(String remote, int protocol, int port, long start) {
        return new FlowRecord(3, 11, "princeton_codeen", FlowRecord.Direction.OUTBOUND, protocol, start, start + 500,
                "10.200.0.3", 40000, "203.0.113.5", 61000, remote, port, 10, 1000, 5, 500, protocol == 6 ? 0x12 : 0, false);
    }
}
