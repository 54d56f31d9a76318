package org.planetlab.plc.mutation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/**
 * Changes queued for a group commit share one transaction: a caller is answered only once the
 * batch holding its change has committed, a change that fails (refused by its rule, or by the
 * store) rolls back alone with its own error while the rest of its batch commits, and what is
 * still queued when PLC stops is refused, not silently dropped. On both stores, as PostgreSQL
 * aborts a transaction at a failed statement unless it is rolled back to a savepoint.
 */
class GroupCommitTest {
    private static final String OPERATION = "ReportUsage";

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aBatchCommitsTogetherAndAFailedChangeRollsBackAlone(StoreKind store) {
        try (TestingPlc testing = TestingPlc.start(store)) {
            GroupCommit<Long> group = new GroupCommit<>(testing.plc().mutations(), OPERATION, 10);
            CompletableFuture<Long> first = group.submit(Caller.INTERNAL, List.of(1L), insert(9_001));
            CompletableFuture<Long> refused = group.submit(Caller.INTERNAL, List.of(2L), mutation -> {
                insert(9_002).apply(mutation);
                throw PlanetLabException.invalidArgument("report 2 names a sliver this node does not host");
            });
            // The same key again: the store refuses the statement itself.
            CompletableFuture<Long> clash = group.submit(Caller.INTERNAL, List.of(3L), insert(9_001));
            CompletableFuture<Long> last = group.submit(Caller.INTERNAL, List.of(4L), insert(9_004));

            // Nothing is answered, or written, before its batch commits.
            assertThat(List.of(first, refused, clash, last)).noneMatch(CompletableFuture::isDone);
            assertThat(reporters(testing)).isEmpty();

            assertThat(group.writeBatch()).isEqualTo(4);

            assertThat(first.join()).isEqualTo(9_001L);
            assertThat(last.join()).isEqualTo(9_004L);
            assertThat(failure(refused)).satisfies(e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                assertThat(e.getMessage()).contains("does not host");
            });
            assertThat(failure(clash).code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
            // Read in a transaction of its own: the batch is committed, less the two that failed.
            assertThat(reporters(testing)).containsExactly(9_001L, 9_004L);
            // Each failure is in the event log, as a failed call is.
            PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
            assertThat(Registry.rows(operator.call("GetEvents", Map.of("call_name", OPERATION))))
                    .extracting(event -> event.get("message"))
                    .anySatisfy(message -> assertThat((String) message).contains("does not host"))
                    .anySatisfy(message -> assertThat((String) message).startsWith("INTERNAL_ERROR"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = StoreKind.class, names = "SQLITE")
    void whatIsQueuedWhenPlcStopsIsRefusedAndNothingIsWritten(StoreKind store) {
        try (TestingPlc testing = TestingPlc.start(store)) {
            GroupCommit<Long> running = GroupCommit.start(testing.plc().mutations(), OPERATION, 10);
            assertThat(running.run(Caller.INTERNAL, List.of(1L), insert(9_011))).isEqualTo(9_011L);
            running.close();
            assertThat(failure(running.submit(Caller.INTERNAL, List.of(2L), insert(9_012))).code())
                    .isEqualTo(ErrorCode.UNAVAILABLE);

            GroupCommit<Long> stopped = new GroupCommit<>(testing.plc().mutations(), OPERATION, 10);
            CompletableFuture<Long> queued = stopped.submit(Caller.INTERNAL, List.of(3L), insert(9_013));
            stopped.close();
            assertThat(failure(queued)).satisfies(e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                assertThat(e.getMessage()).contains("send it again");
            });
            assertThat(reporters(testing)).containsExactly(9_011L);
        }
    }

    private static Function<Mutation, Long> insert(long nodeId) {
        return mutation -> {
            mutation.db().createUpdate("INSERT INTO usage_reporters (node_id, agent_started, sequence, received)"
                    + " VALUES (:node, 1, 1, 1)").bind("node", nodeId).execute();
            return nodeId;
        };
    }

    private static List<Long> reporters(TestingPlc testing) {
        return testing.plc().database().read(handle -> handle.createQuery(
                "SELECT node_id FROM usage_reporters WHERE node_id > 9000 ORDER BY node_id").mapTo(Long.class).list());
    }

    private static PlanetLabException failure(CompletableFuture<Long> answer) {
        try {
            answer.join();
        } catch (CompletionException e) {
            return (PlanetLabException) e.getCause();
        }
        throw new AssertionError("the change was not refused");
    }
}
