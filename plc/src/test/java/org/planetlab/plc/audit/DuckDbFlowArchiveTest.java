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
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.audit.FlowBatch;
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
