package org.planetlab.plc.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.planetlab.api.audit.FlowBatch;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * What only the ClickHouse archive has to show: without transactions, a batch whose records were
 * written but whose ledger row was not (PLC killed in between), and a batch two PLC servers take
 * at the same moment, are still counted once; a server that is down is said to be so.
 */
class ClickHouseFlowArchiveTest {
    private static final long T0 = FlowArchiveTest.T0;

    @AfterAll
    static void stopClickHouse() throws Exception {
        FlowArchiveTest.stopClickHouse();
    }

    @Test
    void recordsWrittenWithoutTheirLedgerRowAreCountedOnceWhenTheBatchIsResent() throws Exception {
        ClickHouseSettings settings = FlowArchiveTest.clickHouse().newDatabase();
        FlowBatch batch = Flows.batch(4, 1, 7, "demo_a", T0, 300);
        try (ClickHouseFlowArchive archive = ClickHouseFlowArchive.open(settings)) {
            // What a crash between the two inserts leaves: the records, and no ledger row.
            RowBinary rows = new RowBinary(1024);
            for (int position = 0; position < batch.records().size(); position++) {
                ClickHouseTables.append(rows, batch.records().get(position),
                        Addresses.key(batch.records().get(position).remoteAddress()), 1, position);
            }
            new ClickHouseHttp(settings).insert("INSERT INTO " + settings.database() + ".flows ("
                    + ClickHouseTables.FLOW_COLUMNS + ")", rows.toByteArray());
            assertThat(archive.highestSequence(4)).isEmpty();
            assertThat(archive.ingest(batch, "d1", T0)).isEqualTo(new FlowArchive.Ingest(1, 300, false));
            assertThat(FlowArchiveTest.total(archive, 7)).isEqualTo(300);
            assertThat(archive.sliceTraffic(7, T0, T0 + 3_600_000L)).singleElement()
                    .satisfies(hour -> assertThat(hour.flows()).isEqualTo(300));
            assertThat(archive.topTalkers(T0, T0 + 3_600_000L, 5, List.of()).getFirst().flows()).isEqualTo(300);
            assertThat(archive.flows(FlowArchiveTest.byAddress("192.0.2.7", T0, T0 + 3_600_000L))).hasSize(2);
        }
    }

    @Test
    void twoServersTakingTheSameBatchesAtOnceCountThemOnce() throws Exception {
        ClickHouseSettings settings = FlowArchiveTest.clickHouse().newDatabase();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (ClickHouseFlowArchive first = ClickHouseFlowArchive.open(settings);
                ClickHouseFlowArchive second = ClickHouseFlowArchive.open(settings)) {
            List<Callable<FlowArchive.Ingest>> uploads = new java.util.ArrayList<>();
            for (long sequence = 1; sequence <= 6; sequence++) {
                FlowBatch batch = Flows.batch(4, sequence, 7, "demo_a", T0 + sequence * 100_000, 100);
                String digest = "d" + sequence;
                uploads.add(() -> first.ingest(batch, digest, T0));
                uploads.add(() -> second.ingest(batch, digest, T0));
            }
            for (Future<FlowArchive.Ingest> answer : threads.invokeAll(uploads)) {
                assertThat(answer.get().sequence()).isBetween(1L, 6L);
            }
            assertThat(FlowArchiveTest.total(first, 7)).isEqualTo(600);
            assertThat(FlowArchiveTest.total(second, 7)).isEqualTo(600);
            assertThat(first.sliceTraffic(7, T0, T0 + 3_600_000L).stream().mapToLong(FlowArchive.TrafficHour::flows)
                    .sum()).isEqualTo(600);
            assertThat(second.highestSequence(4)).hasValue(6);
            first.optimize(T0 + 10 * FlowArchiveTest.DAY);
            assertThat(FlowArchiveTest.total(second, 7)).isEqualTo(600);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aServerThatDoesNotAnswerIsReportedAsUnavailable() throws Exception {
        ClickHouseSettings nowhere = new ClickHouseSettings(URI.create("http://127.0.0.1:9/"), "flows", "plc", "x");
        assertThatThrownBy(() -> ClickHouseFlowArchive.open(nowhere)).isInstanceOf(PlanetLabException.class)
                .hasMessageContaining("does not answer").extracting(e -> ((PlanetLabException) e).code())
                .isEqualTo(ErrorCode.UNAVAILABLE);
        ClickHouseSettings wrongPassword = FlowArchiveTest.clickHouse().newDatabase();
        ClickHouseSettings refused = new ClickHouseSettings(wrongPassword.url(), wrongPassword.database(), "plc",
                "wrong");
        assertThatThrownBy(() -> ClickHouseFlowArchive.open(refused)).hasMessageContaining("Wrong password");
    }
}
