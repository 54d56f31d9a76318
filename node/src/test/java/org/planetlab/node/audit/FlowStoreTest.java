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

    @Test
    void sealedHoursAreIndexedByRemoteAddressAndAnswerAsAFullReadWould() throws Exception {
        java.util.Random random = new java.util.Random(7);
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            addresses.add(i % 10 == 0 ? "2001:db8::" + Integer.toHexString(i) : "198.51." + (i / 200) + "." + (i % 200));
        }
        long start = now.toEpochMilli();
        try (FlowStore store = new FlowStore(directory, clock, Duration.ofDays(7), 1L << 30)) {
            for (int hour = 0; hour < 4; hour++) {
                List<FlowRecord> records = new ArrayList<>();
                for (int i = 0; i < 2_000; i++) {
                    // A few addresses get most flows, as real traffic does.
                    String remote = addresses.get((int) Math.min(addresses.size() - 1, Math.abs(random.nextGaussian()) * 40));
                    records.add(flow(remote, i % 3 == 0 ? 17 : 6, random.nextInt(65_536), now.toEpochMilli() - random.nextInt(60_000)));
                }
                store.append(records);
                now = now.plusMillis(HOUR);
            }
            store.append(List.of(flow("192.0.2.1", 6, 80, now.toEpochMilli())));
            assertThat(files(".idx")).as("one index per sealed hour").hasSize(4);

            List<List<FlowRecord>> indexed = new ArrayList<>();
            for (String remote : addresses) {
                indexed.add(store.query(query(remote, start - HOUR, now.toEpochMilli(), OptionalInt.empty(), OptionalInt.empty())));
            }
            for (Path index : files(".idx")) {
                Files.delete(index);
            }
            for (int i = 0; i < addresses.size(); i++) {
                assertThat(indexed.get(i)).as("the index's answer for %s", addresses.get(i)).isEqualTo(store.query(
                        query(addresses.get(i), start - HOUR, now.toEpochMilli(), OptionalInt.empty(), OptionalInt.empty())));
            }
            assertThat(indexed.stream().mapToInt(List::size).sum()).isEqualTo(8_000);
        }
    }

    @Test
    void aQueryReadsOnlyTheRecordsItsAddressesIndexNamesAndAnUnreadableIndexMeansAFullRead() throws Exception {
        long at = now.toEpochMilli();
        try (FlowStore store = new FlowStore(directory, clock, Duration.ofDays(7), 1L << 30)) {
            store.append(List.of(flow("192.0.2.1", 6, 80, at), flow("192.0.2.2", 6, 81, at), flow("192.0.2.1", 6, 82, at)));
            now = now.plusMillis(HOUR);
            store.append(List.of(flow("192.0.2.9", 6, 80, now.toEpochMilli())));
        }
        Path segment = files(".seg").getFirst();
        byte[] bytes = Files.readAllBytes(segment);
        int second = 2 + (((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff));
        // The middle record made unreadable: a read of the whole hour stops there.
        bytes[second + 2] = 99;
        Files.write(segment, bytes);
        FlowQuery first = query("192.0.2.1", at - HOUR, at + HOUR, OptionalInt.empty(), OptionalInt.empty());
        try (FlowStore store = new FlowStore(directory, clock, Duration.ofDays(7), 1L << 30)) {
            assertThat(store.query(first)).extracting(FlowRecord::remotePort).containsExactly(80, 82);
            Path index = files(".idx").getFirst();
            Files.write(index, new byte[] {1, 2, 3});
            assertThat(store.query(first)).as("without its index the hour is read whole, up to the bad record")
                    .extracting(FlowRecord::remotePort).containsExactly(80);
        }
    }

    @Test
    void anIndexLeavesWithItsSegmentAndCountsInTheBudget() throws Exception {
        try (FlowStore store = new FlowStore(directory, clock, Duration.ofHours(2), 1L << 30)) {
            for (int hour = 0; hour < 5; hour++) {
                store.append(List.of(flow("192.0.2.1", 6, 80, now.toEpochMilli())));
                now = now.plusMillis(HOUR);
            }
            store.append(List.of(flow("192.0.2.1", 6, 80, now.toEpochMilli())));
            assertThat(files(".idx")).hasSameSizeAs(files(".seg")).hasSizeLessThan(5);
            long onDisk = 0;
            for (Path file : files("")) {
                onDisk += Files.size(file);
            }
            assertThat(store.sizeBytes()).isEqualTo(onDisk);
        }
    }

    private List<Path> files(String suffix) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(path -> path.getFileName().toString().endsWith(suffix)).sorted().toList();
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
