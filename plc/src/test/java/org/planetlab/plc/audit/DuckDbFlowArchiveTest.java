package org.planetlab.plc.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.audit.FlowBatch;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * What only the embedded archive has: one transaction per group of batches, so a batch that fails
 * half-way leaves nothing and a failing batch in a group takes no other with it. The contract both
 * engines keep is {@link FlowArchiveTest}'s.
 */
class DuckDbFlowArchiveTest {
    private static final long DAY = FlowArchiveTest.DAY;
    private static final long T0 = FlowArchiveTest.T0;

    @TempDir
    Path directory;

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
            assertThat(FlowArchiveTest.total(archive, 7)).isEqualTo(50);
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
            assertThat(FlowArchiveTest.total(archive, 7)).isEqualTo(300);
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
}
