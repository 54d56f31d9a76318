package org.planetlab.plc.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.audit.FlowBatch;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * What only the embedded archive has: the staging journal, whose acknowledged batches survive a
 * crash before, during or after their load exactly once; one load transaction per group of
 * batches, so a load that fails half-way leaves nothing and a failing batch takes no other with
 * it. The contract both engines keep is {@link FlowArchiveTest}'s.
 */
class DuckDbFlowArchiveTest {
    private static final long DAY = FlowArchiveTest.DAY;
    private static final long T0 = FlowArchiveTest.T0;

    /** Loads only when asked (a query, closing): the journal keeps what a crash would find. */
    private static final JournalStaging NEVER_ON_ITS_OWN =
            new JournalStaging(Integer.MAX_VALUE, Long.MAX_VALUE / 2_000_000, Integer.MAX_VALUE, 1_000);

    @TempDir
    Path directory;

    @Test
    void aBatchWhoseLoadFailsHalfWayStaysJournaledAndIsLoadedWholeOnceItCan() throws Exception {
        Path file = directory.resolve("flows.duckdb");
        int day = (int) (T0 / DAY);
        // A table in the way of the day's flows makes the load fail after the batch's ledger row was written.
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE flows_" + day + " (wrong INTEGER)");
        }
        FlowBatch batch = Flows.batch(4, 1, 7, "demo_a", T0, 50);
        try (FlowArchive archive = DuckDbFlowArchive.open(file)) {
            // Acknowledged once journaled; the load fails, and nothing of it reaches the tables.
            assertThat(archive.ingest(batch, "d", T0)).isEqualTo(new FlowArchive.Ingest(1, 50, false));
            assertThat(FlowArchiveTest.total(archive, 7)).isZero();
            assertThat(archive.ingest(batch, "d", T0)).isEqualTo(new FlowArchive.Ingest(1, 0, true));
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE flows_" + day);
        }
        // Had the failed load left its ledger row, the batch would now count as loaded and be skipped.
        try (FlowArchive archive = DuckDbFlowArchive.open(file)) {
            assertThat(FlowArchiveTest.total(archive, 7)).isEqualTo(50);
            assertThat(archive.ingest(batch, "d", T0)).isEqualTo(new FlowArchive.Ingest(1, 0, true));
        }
        try (FlowArchive archive = DuckDbFlowArchive.open(file)) {
            assertThat(FlowArchiveTest.total(archive, 7)).isEqualTo(50);
        }
    }

    @Test
    void acknowledgedBatchesSurviveACrashBeforeTheirLoadExactlyOnce() throws Exception {
        Path file = directory.resolve("flows.duckdb");
        FlowBatch first = Flows.batch(4, 1, 7, "demo_a", T0, 120);
        FlowBatch second = Flows.batch(4, 2, 7, "demo_a", T0 + 200_000, 80);
        FlowBatch other = Flows.batch(5, 1, 7, "demo_a", T0, 30);
        DuckDbFlowArchive crashed = DuckDbFlowArchive.open(file, 256, NEVER_ON_ITS_OWN);
        assertThat(crashed.ingest(first, "a", T0).stored()).isEqualTo(120);
        assertThat(crashed.ingest(second, "b", T0).stored()).isEqualTo(80);
        assertThat(crashed.ingest(other, "c", T0).stored()).isEqualTo(30);
        assertThat(crashed.ingest(first, "a", T0)).isEqualTo(new FlowArchive.Ingest(1, 0, true));
        assertThatThrownBy(() -> crashed.ingest(Flows.batch(4, 2, 7, "demo_a", T0, 79), "b'", T0))
                .isInstanceOf(PlanetLabException.class).hasMessageContaining("stored before with other records");
        crashed.closeWithoutLoading();
        assertThat(journalBytes()).as("the journal holds the acknowledged batches").isGreaterThan(230 * 40L);

        try (FlowArchive archive = DuckDbFlowArchive.open(file)) {
            assertThat(FlowArchiveTest.total(archive, 7)).isEqualTo(230);
            assertThat(archive.highestSequence(4)).hasValue(2);
            assertThat(archive.ingest(second, "b", T0)).isEqualTo(new FlowArchive.Ingest(2, 0, true));
            assertThatThrownBy(() -> archive.ingest(Flows.batch(4, 2, 7, "demo_a", T0, 79), "b'", T0))
                    .isInstanceOf(PlanetLabException.class).hasMessageContaining("stored before with other records");
            assertThat(journalBytes()).as("the loaded journal is gone").isZero();
        }
        try (FlowArchive archive = DuckDbFlowArchive.open(file)) {
            assertThat(FlowArchiveTest.total(archive, 7)).isEqualTo(230);
        }
    }

    @Test
    void aCrashBetweenALoadAndTheDeletionOfItsJournalCountsNothingTwice() throws Exception {
        Path file = directory.resolve("flows.duckdb");
        Path journal = directory.resolve("flows.duckdb.journal");
        Path kept = directory.resolve("kept");
        DuckDbFlowArchive archive = DuckDbFlowArchive.open(file, 256, NEVER_ON_ITS_OWN);
        archive.ingest(Flows.batch(4, 1, 7, "demo_a", T0, 100), "a", T0);
        archive.ingest(Flows.batch(4, 2, 7, "demo_a", T0, 60), "b", T0);
        copy(journal, kept);
        archive.close();
        // The segments the load deleted come back: the state a crash right after the load's commit leaves.
        copy(kept, journal);
        assertThat(journalBytes()).isGreaterThan(0);
        try (FlowArchive reopened = DuckDbFlowArchive.open(file)) {
            assertThat(FlowArchiveTest.total(reopened, 7)).isEqualTo(160);
            assertThat(reopened.ingest(Flows.batch(4, 2, 7, "demo_a", T0, 60), "b", T0).duplicate()).isTrue();
            assertThat(journalBytes()).isZero();
        }
    }

    @Test
    void aJournalWriteACrashCutShortIsDroppedAndItsResendStored() throws Exception {
        Path file = directory.resolve("flows.duckdb");
        FlowBatch first = Flows.batch(4, 1, 7, "demo_a", T0, 40);
        FlowBatch torn = Flows.batch(4, 2, 7, "demo_a", T0 + 100_000, 25);
        DuckDbFlowArchive crashed = DuckDbFlowArchive.open(file, 256, NEVER_ON_ITS_OWN);
        crashed.ingest(first, "a", T0);
        crashed.ingest(torn, "b", T0);
        crashed.closeWithoutLoading();
        // The second entry loses its last bytes, as a write cut short by a crash before its fsync.
        Path segment;
        try (Stream<Path> files = Files.list(directory.resolve("flows.duckdb.journal"))) {
            segment = files.filter(path -> path.toFile().length() > 0).findFirst().orElseThrow();
        }
        try (RandomAccessFile bytes = new RandomAccessFile(segment.toFile(), "rw")) {
            bytes.setLength(bytes.length() - 7);
        }
        try (FlowArchive archive = DuckDbFlowArchive.open(file)) {
            assertThat(FlowArchiveTest.total(archive, 7)).isEqualTo(40);
            assertThat(archive.highestSequence(4)).hasValue(1);
            assertThat(archive.ingest(torn, "b", T0)).isEqualTo(new FlowArchive.Ingest(2, 25, false));
            assertThat(FlowArchiveTest.total(archive, 7)).isEqualTo(65);
        }
    }

    @Test
    void aLoadSplitAcrossConnectionsStoresEveryBatchOnce() throws Exception {
        Path file = directory.resolve("flows.duckdb");
        // Parts of at least 1,000 records here (a row group, 122,880, in PLC): 8 batches, up to 4 parts.
        int batches = 8;
        try (DuckDbFlowArchive archive = DuckDbFlowArchive.open(file, 256, NEVER_ON_ITS_OWN)) {
            // The day's table first: a load that makes one runs alone.
            archive.ingest(Flows.batch(100, 1, 7, "demo_a", T0, 10), "first", T0);
            assertThat(FlowArchiveTest.total(archive, 7)).isEqualTo(10);
            for (int node = 1; node <= batches; node++) {
                archive.ingest(Flows.batch(node, 1, 7, "demo_a", T0, 1_000), "d" + node, T0);
            }
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement statement = connection.createStatement();
                ResultSet counts = statement.executeQuery("SELECT (SELECT count(*) FROM flows_" + (T0 / DAY)
                        + "), (SELECT count(*) FROM batches), (SELECT count(DISTINCT node_id) FROM flows_" + (T0 / DAY)
                        + ")")) {
            counts.next();
            assertThat(counts.getLong(1)).isEqualTo(batches * 1_000L + 10);
            assertThat(counts.getLong(2)).isEqualTo(batches + 1);
            assertThat(counts.getLong(3)).isEqualTo(batches + 1);
        }
        try (FlowArchive archive = DuckDbFlowArchive.open(file)) {
            assertThat(archive.ingest(Flows.batch(batches, 1, 7, "demo_a", T0, 1_000), "d" + batches, T0).duplicate())
                    .isTrue();
            assertThat(archive.highestSequence(1)).hasValue(1);
        }
    }

    private long journalBytes() throws IOException {
        try (Stream<Path> files = Files.list(directory.resolve("flows.duckdb.journal"))) {
            return files.mapToLong(path -> path.toFile().length()).sum();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path path : files.toList()) {
                Files.copy(path, to.resolve(path.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void batchesHandedInTogetherShareACommitYetAFailingOneTakesNoOtherWithIt() throws Exception {
        Path file = directory.resolve("flows.duckdb");
        int brokenDay = (int) (T0 / DAY) + 1;
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE flows_" + brokenDay + " (wrong INTEGER)");
        }
        try (FlowArchive archive = DuckDbFlowArchive.open(file)) {
            FlowBatch first = Flows.batch(4, 1, 7, "demo_a", T0, 200);
            FlowBatch broken = Flows.batch(5, 1, 7, "demo_a", T0 + DAY, 30);
            FlowBatch third = Flows.batch(6, 1, 7, "demo_a", T0 + 1_000, 100);
            FlowBatch thirdChanged = Flows.batch(6, 1, 7, "demo_a", T0 + 1_000, 99);
            List<Callable<FlowArchive.Ingest>> uploads = List.of(() -> archive.ingest(first, "a", T0),
                    () -> archive.ingest(broken, "b", T0), () -> archive.ingest(third, "c", T0),
                    () -> archive.ingest(first, "a", T0), () -> archive.ingest(thirdChanged, "c'", T0));
            List<FutureTask<FlowArchive.Ingest>> answers = uploads.stream().map(FutureTask::new).toList();
            // Holding the writer's lock until every upload waits for it makes them one group; each
            // upload is started once the one before waits, so the group has them in this order.
            synchronized (archive) {
                long deadline = System.nanoTime() + 10_000_000_000L;
                for (FutureTask<FlowArchive.Ingest> answer : answers) {
                    Thread thread = Thread.ofPlatform().start(answer);
                    while (thread.getState() != Thread.State.BLOCKED) {
                        assertThat(System.nanoTime()).as("uploads waiting for the writer").isLessThan(deadline);
                        Thread.onSpinWait();
                    }
                }
            }
            List<Object> outcomes = answers.stream().map(DuckDbFlowArchiveTest::outcome).toList();
            assertThat(outcomes.get(0)).isEqualTo(new FlowArchive.Ingest(1, 200, false));
            // Journaled and acknowledged; its load fails alone and it waits in the journal.
            assertThat(outcomes.get(1)).isEqualTo(new FlowArchive.Ingest(1, 30, false));
            assertThat(outcomes.get(2)).isEqualTo(new FlowArchive.Ingest(1, 100, false));
            assertThat(outcomes.get(3)).isEqualTo(new FlowArchive.Ingest(1, 0, true));
            assertThat(outcomes.get(4)).asString().contains("stored before with other records");
            assertThat(FlowArchiveTest.total(archive, 7)).isEqualTo(300);
            assertThat(archive.highestSequence(5)).hasValue(1);
        }
    }

    /** The day tables' first layout: every record's text in its row. */
    private static final String FIRST_LAYOUT = "start_ms BIGINT NOT NULL, end_ms BIGINT NOT NULL,"
            + " remote_high BIGINT NOT NULL, remote_low BIGINT NOT NULL, node_id INTEGER NOT NULL,"
            + " slice_id INTEGER NOT NULL, slice_name VARCHAR NOT NULL, outbound BOOLEAN NOT NULL,"
            + " protocol SMALLINT NOT NULL, sliver_address VARCHAR NOT NULL, sliver_port INTEGER NOT NULL,"
            + " public_address VARCHAR NOT NULL, public_port INTEGER NOT NULL, remote_address VARCHAR NOT NULL,"
            + " remote_port INTEGER NOT NULL, packets_out BIGINT NOT NULL, bytes_out BIGINT NOT NULL,"
            + " packets_in BIGINT NOT NULL, bytes_in BIGINT NOT NULL, tcp_flags SMALLINT NOT NULL,"
            + " dropped BOOLEAN NOT NULL";

    @Test
    void anArchiveOfTheFirstLayoutIsConvertedAtOpenDayByDayAndAnswersAsIfStoredNow() throws Exception {
        int day = (int) (T0 / DAY);
        List<FlowBatch> batches = List.of(Flows.batch(4, 1, 7, "demo_a", T0, 300),
                Flows.batch(5, 1, 8, "demo_b", T0 + DAY - 100_000, 200),
                new FlowBatch(6, 1, List.of(v6("2001:db8:0:0::1", "198.51.100.2", 1), v6("2001:db8::1", "198.51.100.2", 2),
                        v6("::ffff:192.0.2.5", "198.51.100.9", 3), v6("192.0.2.5", "198.51.100.9", 4))));
        Path old = directory.resolve("old").resolve("flows.duckdb");
        writeFirstLayout(old, batches, day);
        Path now = directory.resolve("now").resolve("flows.duckdb");
        try (FlowArchive archive = DuckDbFlowArchive.open(now)) {
            for (FlowBatch batch : batches) {
                archive.ingest(batch, "d", T0);
            }
            archive.optimize(T0 + 5 * DAY);
        }
        // Something in the way of the second day's conversion: it fails, that day stays as it was.
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + old);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE flows_" + (day + 1) + "_converted (wrong INTEGER)");
        }
        assertThatThrownBy(() -> DuckDbFlowArchive.open(old)).isInstanceOf(PlanetLabException.class)
                .hasMessageContaining("flows_" + (day + 1) + "_converted");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + old);
                Statement statement = connection.createStatement()) {
            assertThat(columns(statement, day)).contains("context_id").doesNotContain("slice_name", "remote_address");
            assertThat(columns(statement, day + 1)).contains("slice_name").doesNotContain("context_id");
            try (ResultSet rows = statement.executeQuery("SELECT (SELECT count(*) FROM flows_" + day
                    + "), (SELECT count(*) FROM flows_" + (day + 1) + ")")) {
                rows.next();
                assertThat(rows.getLong(1) + rows.getLong(2)).isEqualTo(504);
            }
            statement.execute("DROP TABLE flows_" + (day + 1) + "_converted");
        }
        try (FlowArchive converted = DuckDbFlowArchive.open(old); FlowArchive stored = DuckDbFlowArchive.open(now)) {
            assertSameAnswers(converted, stored, batches);
            // Resent batches are known; new ones join the converted days.
            assertThat(converted.ingest(batches.get(2), "d", T0)).isEqualTo(new FlowArchive.Ingest(1, 0, true));
            FlowBatch later = Flows.batch(4, 2, 7, "demo_a", T0 + 400_000, 10);
            converted.ingest(later, "e", T0);
            stored.ingest(later, "e", T0);
            assertThat(FlowArchiveTest.total(converted, 7)).isEqualTo(310);
        }
        try (FlowArchive converted = DuckDbFlowArchive.open(old); FlowArchive stored = DuckDbFlowArchive.open(now)) {
            assertSameAnswers(converted, stored, batches);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + old);
                Statement statement = connection.createStatement()) {
            assertThat(columns(statement, day + 1)).contains("context_id").doesNotContain("slice_name");
        }
    }

    private static FlowRecord v6(String remote, String publicAddress, int second) {
        return new FlowRecord(6, 9, "demo_c", FlowRecord.Direction.INBOUND, 17, T0 + second * 1_000L,
                T0 + second * 1_000L + 5, "10.0.0.4", 53, publicAddress, 53, remote, 4444, 0, 0, 1, 60, 0, false);
    }

    private static void assertSameAnswers(FlowArchive converted, FlowArchive stored, List<FlowBatch> batches) {
        for (int slice : List.of(7, 8, 9)) {
            FlowQuery query = new FlowQuery(Optional.empty(), OptionalInt.of(slice), T0 - DAY, T0 + 10 * DAY,
                    OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), FlowArchive.MAX_ANSWER);
            assertThat(converted.flows(query)).as("slice " + slice).isEqualTo(stored.flows(query));
            assertThat(converted.sliceTraffic(slice, T0 - DAY, T0 + 10 * DAY)).isEqualTo(
                    stored.sliceTraffic(slice, T0 - DAY, T0 + 10 * DAY));
        }
        for (String address : List.of("2001:db8::1", "192.0.2.5", "192.0.2.199", "203.0.113.1")) {
            FlowQuery query = FlowArchiveTest.byAddress(address, T0 - DAY, T0 + 3 * DAY);
            assertThat(converted.flows(query)).as(address).isEqualTo(stored.flows(query));
        }
        assertThat(converted.topTalkers(T0 - DAY, T0 + 3 * DAY, 10, List.of())).isEqualTo(
                stored.topTalkers(T0 - DAY, T0 + 3 * DAY, 10, List.of()));
        // And as the nodes sent them, spellings included.
        List<FlowRecord> all = batches.stream().flatMap(batch -> batch.records().stream()).toList();
        List<FlowRecord> found = Stream.of(7, 8, 9).flatMap(slice -> converted.flows(new FlowQuery(Optional.empty(),
                OptionalInt.of(slice), T0 - DAY, T0 + 10 * DAY, OptionalInt.empty(), OptionalInt.empty(),
                OptionalInt.empty(), FlowArchive.MAX_ANSWER)).stream()).toList();
        assertThat(found).containsAll(all);
        assertThat(converted.flows(FlowArchiveTest.byAddress("2001:db8::1", T0, T0 + DAY)))
                .extracting(FlowRecord::remoteAddress).containsExactly("2001:db8::1", "2001:db8:0:0::1");
        assertThat(converted.sliceTraffic(9, T0 - DAY, T0 + DAY).getFirst().destinations()).isEqualTo(4);
    }

    private static List<String> columns(Statement statement, int day) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("SELECT column_name FROM duckdb_columns() WHERE table_name = 'flows_"
                + day + "'")) {
            while (rows.next()) {
                columns.add(rows.getString(1));
            }
        }
        return columns;
    }

    /** An archive as the first layout wrote it: the ledger, the days (the first sorted) and their tables. */
    private static void writeFirstLayout(Path file, List<FlowBatch> batches, int firstDay) throws Exception {
        Files.createDirectories(file.getParent());
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE batches (node_id INTEGER NOT NULL, sequence BIGINT NOT NULL,"
                    + " digest VARCHAR NOT NULL, records INTEGER NOT NULL, received_ms BIGINT NOT NULL)");
            statement.execute("CREATE TABLE days (day INTEGER PRIMARY KEY, optimized_rows BIGINT)");
            for (int day = firstDay; day <= firstDay + 1; day++) {
                statement.execute("CREATE TABLE flows_" + day + " (" + FIRST_LAYOUT + ")");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO flows_" + firstDay
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement next = connection.prepareStatement("INSERT INTO flows_" + (firstDay + 1)
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (FlowBatch batch : batches) {
                    statement.execute("INSERT INTO batches VALUES (" + batch.nodeId() + ", " + batch.sequence()
                            + ", 'd', " + batch.records().size() + ", " + T0 + ")");
                    for (FlowRecord record : batch.records()) {
                        PreparedStatement row = record.startMillis() / DAY == firstDay ? insert : next;
                        Addresses.Key key = Addresses.key(record.remoteAddress());
                        Object[] values = {record.startMillis(), record.endMillis(), key.high(), key.low(),
                            record.nodeId(), record.sliceId(), record.sliceName(),
                            record.direction() == FlowRecord.Direction.OUTBOUND, (short) record.protocol(),
                            record.sliverAddress(), record.sliverPort(), record.publicAddress(), record.publicPort(),
                            record.remoteAddress(), record.remotePort(), record.packetsOut(), record.bytesOut(),
                            record.packetsIn(), record.bytesIn(), (short) record.tcpFlags(), record.dropped()};
                        for (int index = 0; index < values.length; index++) {
                            row.setObject(index + 1, values[index]);
                        }
                        row.executeUpdate();
                    }
                }
            }
            // The first day sorted (by the old layout's sort), the second not yet.
            statement.execute("CREATE TABLE sorted AS SELECT * FROM flows_" + firstDay
                    + " ORDER BY remote_high, remote_low, start_ms");
            statement.execute("DROP TABLE flows_" + firstDay);
            statement.execute("ALTER TABLE sorted RENAME TO flows_" + firstDay);
            statement.execute("INSERT INTO days SELECT " + firstDay + ", count(*) FROM flows_" + firstDay);
            statement.execute("INSERT INTO days VALUES (" + (firstDay + 1) + ", NULL)");
        }
    }

    /** What an upload was answered: its Ingest, or the refusal's message. */
    private static Object outcome(FutureTask<FlowArchive.Ingest> answer) {
        try {
            return answer.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause().getMessage();
        } catch (Exception e) {
            throw new AssertionError("the upload was not answered", e);
        }
    }
}
