package org.planetlab.plc.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.planetlab.api.audit.FlowBatch;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * What every flow archive engine promises, run against the embedded DuckDB archive and a real
 * ClickHouse server: each batch stored once (also across reopening, out of order, resent),
 * addresses found whatever their spelling, per-slice summaries and top talkers, retention by day.
 */
class FlowArchiveTest {
    static final long DAY = 86_400_000L;
    static final long T0 = 20_000 * DAY + 3_600_000L;
    private static ClickHouseServer clickHouse;

    @TempDir
    Path directory;

    /** An engine, as a way to open (and open again) one archive of it that no other test uses. */
    interface Engine {
        Supplier<FlowArchive> archive(Path directory) throws Exception;
    }

    static Stream<Engine> engines() {
        return Stream.of(new Engine() {
            @Override
            public Supplier<FlowArchive> archive(Path directory) {
                return () -> DuckDbFlowArchive.open(directory.resolve("flows.duckdb"));
            }

            @Override
            public String toString() {
                return "duckdb";
            }
        }, new Engine() {
            @Override
            public Supplier<FlowArchive> archive(Path directory) throws Exception {
                ClickHouseSettings settings = clickHouse().newDatabase();
                return () -> ClickHouseFlowArchive.open(settings);
            }

            @Override
            public String toString() {
                return "clickhouse";
            }
        });
    }

    /** The test server, started by the first test that needs it; without the package only CI fails. */
    static synchronized ClickHouseServer clickHouse() throws Exception {
        if (!ClickHouseServer.installed() && !"required".equals(System.getProperty("planetlab.privileged"))) {
            Assumptions.abort("clickhouse-server is not installed (bin/install-prerequisites installs it)");
        }
        if (clickHouse == null) {
            clickHouse = ClickHouseServer.start();
        }
        return clickHouse;
    }

    @AfterAll
    static synchronized void stopClickHouse() throws Exception {
        if (clickHouse != null) {
            clickHouse.close();
            clickHouse = null;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void aBatchStoredTwiceOrAfterReopeningIsCountedOnce(Engine engine) throws Exception {
        Supplier<FlowArchive> open = engine.archive(directory);
        FlowBatch first = Flows.batch(4, 1, 7, "demo_a", T0, 500);
        FlowBatch second = Flows.batch(4, 2, 7, "demo_a", T0 + 600_000, 300);
        try (FlowArchive archive = open.get()) {
            assertThat(archive.ingest(first, "d1", T0)).isEqualTo(new FlowArchive.Ingest(1, 500, false));
            assertThat(archive.ingest(first, "d1", T0)).isEqualTo(new FlowArchive.Ingest(1, 0, true));
        }
        try (FlowArchive archive = open.get()) {
            assertThat(archive.ingest(first, "d1", T0).duplicate()).isTrue();
            assertThat(archive.ingest(second, "d2", T0).stored()).isEqualTo(300);
            assertThat(archive.highestSequence(4)).hasValue(2);
            assertThat(archive.highestSequence(5)).isEmpty();
            assertThat(total(archive, 7)).isEqualTo(800);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void batchesOutOfOrderFillTheirGapsAndAChangedResendIsRefused(Engine engine) throws Exception {
        Supplier<FlowArchive> open = engine.archive(directory);
        try (FlowArchive archive = open.get()) {
            archive.ingest(Flows.batch(4, 3, 7, "demo_a", T0, 10), "d3", T0);
            archive.ingest(Flows.batch(4, 1, 7, "demo_a", T0 + 20_000, 10), "d1", T0);
            assertThat(archive.ingest(Flows.batch(4, 2, 7, "demo_a", T0 + 40_000, 10), "d2", T0).stored()).isEqualTo(10);
            assertThat(archive.ingest(Flows.batch(4, 2, 7, "demo_a", T0 + 40_000, 10), "d2", T0).duplicate()).isTrue();
            assertThatThrownBy(() -> archive.ingest(Flows.batch(4, 2, 7, "demo_a", T0, 11), "other", T0))
                    .isInstanceOf(PlanetLabException.class).hasMessageContaining("stored before with other records")
                    .extracting(e -> ((PlanetLabException) e).code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
            assertThat(total(archive, 7)).isEqualTo(30);
        }
        try (FlowArchive archive = open.get()) {
            assertThat(archive.ingest(Flows.batch(4, 2, 7, "demo_a", T0 + 40_000, 10), "d2", T0).duplicate()).isTrue();
            assertThat(archive.highestSequence(4)).hasValue(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void anAddressIsFoundWhateverItsSpellingNewestFirstAcrossDaysAndAfterSorting(Engine engine) throws Exception {
        try (FlowArchive archive = engine.archive(directory).get()) {
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
            assertThat(archive.flows(narrowed(1005, 6, 4))).isEqualTo(found);
            assertThat(archive.flows(narrowed(1006, 6, 4))).isEmpty();
            assertThat(archive.flows(narrowed(1005, 17, 4))).isEmpty();
            assertThat(archive.flows(narrowed(1005, 6, 5))).isEmpty();
            assertThat(archive.topTalkers(T0, T0 + 2 * DAY, 10, List.of()))
                    .extracting(FlowArchive.TopTalker::sliceName).containsExactly("demo_a", "demo_b");
            assertThat(archive.topTalkers(T0, T0 + 2 * DAY, 10, List.of(8)))
                    .containsExactly(new FlowArchive.TopTalker(8, "demo_b", 60, 1, 1, 1));
            assertThat(archive.sliceTraffic(7, T0, T0 + 2 * DAY)).extracting(FlowArchive.TrafficHour::flows)
                    .containsExactly(100L, 300L);
            assertThat(archive.sliceTraffic(7, T0, T0 + 2 * DAY).getFirst().destinations()).isEqualTo(100);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void aLimitedAnswerIsTheNewestOfTheFlowsThatPassEveryFilter(Engine engine) throws Exception {
        try (FlowArchive archive = engine.archive(directory).get()) {
            // 192.0.2.5 at indexes 5, 205, ..., 805 of each batch; slice 8's flows are all newer than slice 7's newest.
            FlowBatch older = Flows.batch(4, 1, 7, "demo_a", T0, 1_000);
            FlowBatch newer = Flows.batch(5, 1, 8, "demo_b", T0 + 500_000, 1_000);
            archive.ingest(older, "older", T0);
            archive.ingest(newer, "newer", T0);
            FlowQuery limited = new FlowQuery(Optional.of("192.0.2.5"), OptionalInt.empty(), T0, T0 + DAY,
                    OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), 3);
            assertThat(archive.flows(limited)).containsExactly(newer.records().get(805), newer.records().get(605),
                    newer.records().get(405));
            FlowQuery ofSlice7 = new FlowQuery(Optional.of("192.0.2.5"), OptionalInt.of(7), T0, T0 + DAY,
                    OptionalInt.of(1_005), OptionalInt.of(6), OptionalInt.of(4), 3);
            assertThat(archive.flows(ofSlice7)).containsExactly(older.records().get(805), older.records().get(605),
                    older.records().get(405));
            archive.optimize(T0 + 5 * DAY);
            assertThat(archive.flows(ofSlice7)).containsExactly(older.records().get(805), older.records().get(605),
                    older.records().get(405));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void aClosedArchiveRefusesAndTheBatchesSentAroundARestartAreStoredExactlyOnce(Engine engine) throws Exception {
        Supplier<FlowArchive> open = engine.archive(directory);
        FlowArchive archive = open.get();
        for (long sequence = 1; sequence <= 5; sequence++) {
            archive.ingest(Flows.batch(4, sequence, 7, "demo_a", T0 + sequence * 100_000, 100), "d" + sequence, T0);
        }
        archive.close();
        assertThatThrownBy(() -> archive.ingest(Flows.batch(4, 6, 7, "demo_a", T0, 100), "d6", T0))
                .extracting(e -> ((PlanetLabException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE);
        try (FlowArchive reopened = open.get()) {
            // The node does not know which of its last batches arrived: it sends 4 to 8 again.
            for (long sequence = 4; sequence <= 8; sequence++) {
                reopened.ingest(Flows.batch(4, sequence, 7, "demo_a", T0 + sequence * 100_000, 100), "d" + sequence, T0);
            }
            assertThat(total(reopened, 7)).isEqualTo(800);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void daysOlderThanTheRetentionAreDropped(Engine engine) throws Exception {
        try (FlowArchive archive = engine.archive(directory).get()) {
            archive.ingest(Flows.batch(4, 1, 7, "demo_a", T0, 10), "a", T0);
            archive.ingest(Flows.batch(4, 2, 7, "demo_a", T0 + 5 * DAY, 10), "b", T0 + 5 * DAY);
            assertThat(archive.dropExpired(T0 + 5 * DAY, 3)).isEqualTo(1);
            assertThat(total(archive, 7)).isEqualTo(10);
            assertThat(archive.dropExpired(T0 + 5 * DAY, 3)).isZero();
        }
    }

    /** How many flows of the slice the archive holds (all of them lie within ten days of T0). */
    static long total(FlowArchive archive, int sliceId) {
        return archive.flows(new FlowQuery(Optional.empty(), OptionalInt.of(sliceId), T0 - DAY, T0 + 10 * DAY,
                OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), FlowArchive.MAX_ANSWER)).size();
    }

    private static FlowQuery narrowed(int remotePort, int protocol, int nodeId) {
        return new FlowQuery(Optional.of("192.0.2.5"), OptionalInt.empty(), T0, T0 + 2 * DAY, OptionalInt.of(remotePort),
                OptionalInt.of(protocol), OptionalInt.of(nodeId), 100);
    }

    static FlowQuery byAddress(String address, long from, long to) {
        return new FlowQuery(Optional.of(address), OptionalInt.empty(), from, to, OptionalInt.empty(),
                OptionalInt.empty(), OptionalInt.empty(), 100);
    }
}
