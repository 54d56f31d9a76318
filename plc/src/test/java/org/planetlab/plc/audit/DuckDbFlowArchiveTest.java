package org.planetlab.plc.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.audit.FlowBatch;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/** The embedded archive stores each batch once, survives being closed between batches, sorts and drops days. */
class DuckDbFlowArchiveTest {
    private static final long DAY = 86_400_000L;
    private static final long T0 = 20_000 * DAY + 3_600_000L;

    @TempDir
    Path directory;

    @Test
    void aBatchStoredTwiceOrAfterReopeningIsCountedOnce() {
        Path file = directory.resolve("flows.duckdb");
        FlowBatch first = Flows.batch(4, 1, 7, "demo_a", T0, 500);
        FlowBatch second = Flows.batch(4, 2, 7, "demo_a", T0 + 600_000, 300);
        try (FlowArchive archive = DuckDbFlowArchive.open(file)) {
            assertThat(archive.ingest(first, "d1", T0)).isEqualTo(new FlowArchive.Ingest(1, 500, false));
            assertThat(archive.ingest(first, "d1", T0)).isEqualTo(new FlowArchive.Ingest(1, 0, true));
        }
        try (FlowArchive archive = DuckDbFlowArchive.open(file)) {
            assertThat(archive.ingest(first, "d1", T0).duplicate()).isTrue();
            assertThat(archive.ingest(second, "d2", T0).stored()).isEqualTo(300);
            assertThat(archive.highestSequence(4)).hasValue(2);
            assertThat(total(archive, 7)).isEqualTo(800);
        }
    }

    @Test
    void batchesOutOfOrderFillTheirGapsAndAChangedResendIsRefused() {
        try (FlowArchive archive = DuckDbFlowArchive.open(directory.resolve("flows.duckdb"))) {
            archive.ingest(Flows.batch(4, 3, 7, "demo_a", T0, 10), "d3", T0);
            archive.ingest(Flows.batch(4, 1, 7, "demo_a", T0 + 20_000, 10), "d1", T0);
            assertThat(archive.ingest(Flows.batch(4, 2, 7, "demo_a", T0 + 40_000, 10), "d2", T0).stored()).isEqualTo(10);
            assertThat(archive.ingest(Flows.batch(4, 2, 7, "demo_a", T0 + 40_000, 10), "d2", T0).duplicate()).isTrue();
            assertThatThrownBy(() -> archive.ingest(Flows.batch(4, 2, 7, "demo_a", T0, 11), "other", T0))
                    .isInstanceOf(PlanetLabException.class).hasMessageContaining("stored before with other records")
                    .extracting(e -> ((PlanetLabException) e).code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
            assertThat(total(archive, 7)).isEqualTo(30);
        }
        try (FlowArchive archive = DuckDbFlowArchive.open(directory.resolve("flows.duckdb"))) {
            assertThat(archive.ingest(Flows.batch(4, 2, 7, "demo_a", T0 + 40_000, 10), "d2", T0).duplicate()).isTrue();
            assertThat(archive.highestSequence(4)).hasValue(3);
        }
    }

    @Test
    void anAddressIsFoundWhateverItsSpellingNewestFirstAcrossDaysAndAfterSorting() {
        try (FlowArchive archive = DuckDbFlowArchive.open(directory.resolve("flows.duckdb"))) {
            FlowRecord v6 = new FlowRecord(5, 8, "demo_b", FlowRecord.Direction.INBOUND, 17, T0 + DAY, T0 + DAY + 5,
                    "10.0.0.3", 53, "198.51.100.2", 53, "2001:db8:0:0::1", 4444, 0, 0, 1, 60, 0, true);
            archive.ingest(new FlowBatch(5, 1, List.of(v6)), "v6", T0);
            archive.ingest(Flows.batch(4, 1, 7, "demo_a", T0 + DAY - 100_000, 400), "d", T0);
            assertThat(archive.flows(byAddress("2001:db8::1", T0, T0 + 2 * DAY))).containsExactly(v6);
            List<FlowRecord> found = archive.flows(byAddress("192.0.2.5", T0, T0 + 2 * DAY));
            assertThat(found).hasSize(2).allMatch(flow -> flow.remoteAddress().equals("192.0.2.5"));
            assertThat(found.get(0).startMillis()).isGreaterThan(found.get(1).startMillis());
            archive.optimize(T0 + 5 * DAY);
            assertThat(archive.flows(byAddress("192.0.2.5", T0, T0 + 2 * DAY))).isEqualTo(found);
            assertThat(archive.flows(byAddress("192.0.2.5", T0 + 3 * DAY, T0 + 4 * DAY))).isEmpty();
            assertThat(archive.topTalkers(T0, T0 + 2 * DAY, 10, List.of()))
                    .extracting(FlowArchive.TopTalker::sliceName).containsExactly("demo_a", "demo_b");
            assertThat(archive.sliceTraffic(7, T0, T0 + 2 * DAY)).extracting(FlowArchive.TrafficHour::flows)
                    .containsExactly(100L, 300L);
        }
    }

    @Test
    void aBatchThatFailsHalfWayLeavesNoTraceSoItsResendIsStored() throws Exception {
        Path file = directory.resolve("flows.duckdb");
        int day = (int) (T0 / DAY);
        // A table in the way of the day's flows makes the append fail after the batch's row was written.
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE flows_" + day + " (wrong INTEGER)");
        }
        FlowBatch batch = Flows.batch(4, 1, 7, "demo_a", T0, 50);
        try (FlowArchive archive = DuckDbFlowArchive.open(file)) {
            assertThatThrownBy(() -> archive.ingest(batch, "d", T0)).isInstanceOf(PlanetLabException.class)
                    .hasMessageContaining("nothing of it was stored, resend it");
            assertThat(archive.highestSequence(4)).isEmpty();
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE flows_" + day);
        }
        try (FlowArchive archive = DuckDbFlowArchive.open(file)) {
            assertThat(archive.ingest(batch, "d", T0)).isEqualTo(new FlowArchive.Ingest(1, 50, false));
            assertThat(total(archive, 7)).isEqualTo(50);
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
            assertThat(outcomes.get(1)).asString().contains("nothing of it was stored, resend it");
            assertThat(outcomes.get(2)).isEqualTo(new FlowArchive.Ingest(1, 100, false));
            assertThat(outcomes.get(3)).isEqualTo(new FlowArchive.Ingest(1, 0, true));
            assertThat(outcomes.get(4)).asString().contains("stored before with other records");
            assertThat(total(archive, 7)).isEqualTo(300);
            assertThat(archive.highestSequence(5)).isEmpty();
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

    @Test
    void aClosedArchiveRefusesAndTheBatchesSentAroundARestartAreStoredExactlyOnce() {
        Path file = directory.resolve("flows.duckdb");
        FlowArchive archive = DuckDbFlowArchive.open(file);
        for (long sequence = 1; sequence <= 5; sequence++) {
            archive.ingest(Flows.batch(4, sequence, 7, "demo_a", T0 + sequence * 100_000, 100), "d" + sequence, T0);
        }
        archive.close();
        assertThatThrownBy(() -> archive.ingest(Flows.batch(4, 6, 7, "demo_a", T0, 100), "d6", T0))
                .extracting(e -> ((PlanetLabException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE);
        try (FlowArchive reopened = DuckDbFlowArchive.open(file)) {
            // The node does not know which of its last batches arrived: it sends 4 to 8 again.
            for (long sequence = 4; sequence <= 8; sequence++) {
                reopened.ingest(Flows.batch(4, sequence, 7, "demo_a", T0 + sequence * 100_000, 100), "d" + sequence, T0);
            }
            assertThat(total(reopened, 7)).isEqualTo(800);
        }
    }

    @Test
    void daysOlderThanTheRetentionAreDropped() {
        try (FlowArchive archive = DuckDbFlowArchive.open(directory.resolve("flows.duckdb"))) {
            archive.ingest(Flows.batch(4, 1, 7, "demo_a", T0, 10), "a", T0);
            archive.ingest(Flows.batch(4, 2, 7, "demo_a", T0 + 5 * DAY, 10), "b", T0 + 5 * DAY);
            assertThat(archive.dropExpired(T0 + 5 * DAY, 3)).isEqualTo(1);
            assertThat(total(archive, 7)).isEqualTo(10);
        }
    }

    private static long total(FlowArchive archive, int sliceId) {
        return archive.flows(new FlowQuery(Optional.empty(), OptionalInt.of(sliceId), T0 - DAY, T0 + 10 * DAY,
                OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), FlowArchive.MAX_ANSWER)).size();
    }

    private static FlowQuery byAddress(String address, long from, long to) {
        return new FlowQuery(Optional.of(address), OptionalInt.empty(), from, to, OptionalInt.empty(),
                OptionalInt.empty(), OptionalInt.empty(), 100);
    }
}
