package org.planetlab.plc.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.audit.FlowBatch;
import org.planetlab.api.audit.FlowRecord;

/** The journal's entries: each batch read back as it was handed in, also from a journal the version before wrote. */
class FlowJournalCodecTest {
    private static final long T0 = FlowArchiveTest.T0;

    @TempDir
    Path directory;

    @Test
    void aBatchOfSeveralContextsReadsBackRecordForRecordInItsOrder() {
        List<FlowRecord> records = new ArrayList<>();
        for (int index = 0; index < 300; index++) {
            // Three slices whose records interleave, a sliver address changing within one, IPv4 and IPv6 remotes.
            int slice = 7 + index % 3;
            records.add(new FlowRecord(4, slice, "demo_" + slice, index % 2 == 0 ? FlowRecord.Direction.OUTBOUND
                    : FlowRecord.Direction.INBOUND, 6, T0 + index, T0 + index + 10, index < 150 ? "10.0.0.2" : "10.0.0.3",
                    40_000 + index, "198.51.100.1", 50_000, index % 4 == 0 ? "2001:0db8::" + index : "192.0.2." + index % 250,
                    443, 1 + index, 100L * (1 + index), index, 60L * index, index % 64, index % 7 == 0));
        }
        FlowJournal.Entry entry = new FlowJournal.Entry(new FlowBatch(4, 12, records), "digest-12", T0 + 5);
        DuckDbTables.Staged staged = DuckDbTables.stage(entry);
        assertThat(staged.contexts()).hasSize(6);

        ByteBuffer encoded = FlowJournal.encode(staged);
        byte[] payload = Arrays.copyOfRange(encoded.array(), 8, encoded.limit());
        assertThat(encoded.getInt(0)).isEqualTo(payload.length);
        FlowJournal.Entry decoded = FlowJournalCodec.decode(payload);

        assertThat(decoded).isEqualTo(entry);
        // The slices' text is written once a context: far less than four strings a record.
        assertThat(payload.length).isLessThan(300 * 90);
    }

    @Test
    void aJournalTheVersionBeforeWroteIsLoadedAtStart() throws Exception {
        FlowBatch batch = Flows.batch(6, 3, 7, "demo_a", T0, 40);
        Path journal = Files.createDirectories(directory.resolve("flows.duckdb.journal"));
        Files.write(journal.resolve("segment-1"), firstFormEntry(new FlowJournal.Entry(batch, "old", T0)));

        try (DuckDbFlowArchive archive = DuckDbFlowArchive.open(directory.resolve("flows.duckdb"))) {
            assertThat(FlowArchiveTest.total(archive, 7)).isEqualTo(40);
            assertThat(archive.highestSequence(6)).hasValue(3);
            assertThat(archive.ingest(batch, "old", T0).duplicate()).isTrue();
        }
    }

    /** An entry, its length and checksum as the version before wrote them: each record with its four strings. */
    private static byte[] firstFormEntry(FlowJournal.Entry entry) {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        buffer.position(8);
        FlowBatch batch = entry.batch();
        buffer.putInt(batch.nodeId()).putLong(batch.sequence()).putLong(entry.receivedMillis());
        putString(buffer, entry.digest());
        buffer.putInt(batch.records().size());
        for (FlowRecord record : batch.records()) {
            buffer.putInt(record.sliceId());
            putString(buffer, record.sliceName());
            buffer.put((byte) record.direction().ordinal());
            buffer.putShort((short) record.protocol());
            buffer.putLong(record.startMillis()).putLong(record.endMillis());
            putString(buffer, record.sliverAddress());
            buffer.putInt(record.sliverPort());
            putString(buffer, record.publicAddress());
            buffer.putInt(record.publicPort());
            putString(buffer, record.remoteAddress());
            buffer.putInt(record.remotePort());
            buffer.putLong(record.packetsOut()).putLong(record.bytesOut()).putLong(record.packetsIn())
                    .putLong(record.bytesIn());
            buffer.put((byte) record.tcpFlags());
            buffer.put((byte) (record.dropped() ? 1 : 0));
        }
        int length = buffer.position() - 8;
        CRC32C checksum = new CRC32C();
        checksum.update(buffer.array(), 8, length);
        buffer.putInt(0, length).putInt(4, (int) checksum.getValue());
        return Arrays.copyOf(buffer.array(), 8 + length);
    }

    private static void putString(ByteBuffer buffer, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        buffer.putShort((short) bytes.length).put(bytes);
    }
}
