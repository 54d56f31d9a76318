package org.planetlab.plc.audit;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.planetlab.api.audit.FlowBatch;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * A journal entry's bytes: the batch's node, number, digest and time received, then each record's
 * fields in a fixed order, numbers in binary and strings as a length and UTF-8. Only PLC's own
 * journal uses it, written and read by the same version; the checksum around it is the journal's.
 */
final class FlowJournalCodec {
    private FlowJournalCodec() {}

    static byte[] encode(FlowJournal.Entry entry) {
        FlowBatch batch = entry.batch();
        List<byte[]> strings = new ArrayList<>(batch.records().size() * 4 + 1);
        byte[] digest = utf8(entry.digest());
        int size = 4 + 8 + 8 + 2 + digest.length + 4;
        for (FlowRecord record : batch.records()) {
            // Numbers: 4 ints, 4 shorts-or-bytes, 2 + 4 longs; strings: 2-byte lengths.
            size += 4 * 4 + 2 + 1 + 1 + 1 + 6 * 8 + 4 * 2;
            for (String text : List.of(record.sliceName(), record.sliverAddress(), record.publicAddress(),
                    record.remoteAddress())) {
                byte[] bytes = utf8(text);
                strings.add(bytes);
                size += bytes.length;
            }
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.putInt(batch.nodeId()).putLong(batch.sequence()).putLong(entry.receivedMillis());
        putString(buffer, digest);
        buffer.putInt(batch.records().size());
        int string = 0;
        for (FlowRecord record : batch.records()) {
            buffer.putInt(record.sliceId());
            putString(buffer, strings.get(string++));
            buffer.put((byte) record.direction().ordinal());
            buffer.putShort((short) record.protocol());
            buffer.putLong(record.startMillis()).putLong(record.endMillis());
            putString(buffer, strings.get(string++));
            buffer.putInt(record.sliverPort());
            putString(buffer, strings.get(string++));
            buffer.putInt(record.publicPort());
            putString(buffer, strings.get(string++));
            buffer.putInt(record.remotePort());
            buffer.putLong(record.packetsOut()).putLong(record.bytesOut()).putLong(record.packetsIn())
                    .putLong(record.bytesIn());
            buffer.put((byte) record.tcpFlags());
            buffer.put((byte) (record.dropped() ? 1 : 0));
        }
        return buffer.array();
    }

    static FlowJournal.Entry decode(byte[] payload) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(payload);
            int nodeId = buffer.getInt();
            long sequence = buffer.getLong();
            long receivedMillis = buffer.getLong();
            String digest = getString(buffer);
            int count = buffer.getInt();
            if (count < 0 || count > FlowBatch.MAX_RECORDS) {
                throw new IllegalArgumentException("a batch of " + count + " records");
            }
            List<FlowRecord> records = new ArrayList<>(count);
            for (int index = 0; index < count; index++) {
                int sliceId = buffer.getInt();
                String sliceName = getString(buffer);
                FlowRecord.Direction direction = FlowRecord.Direction.values()[buffer.get()];
                int protocol = buffer.getShort() & 0xffff;
                long start = buffer.getLong();
                long end = buffer.getLong();
                String sliverAddress = getString(buffer);
                int sliverPort = buffer.getInt();
                String publicAddress = getString(buffer);
                int publicPort = buffer.getInt();
                String remoteAddress = getString(buffer);
                int remotePort = buffer.getInt();
                records.add(new FlowRecord(nodeId, sliceId, sliceName, direction, protocol, start, end, sliverAddress,
                        sliverPort, publicAddress, publicPort, remoteAddress, remotePort, buffer.getLong(),
                        buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.get() & 0xff, buffer.get() == 1));
            }
            if (buffer.hasRemaining()) {
                throw new IllegalArgumentException(buffer.remaining() + " bytes after the last record");
            }
            return new FlowJournal.Entry(new FlowBatch(nodeId, sequence, records), digest, receivedMillis);
        } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
            // The checksum matched, so these bytes were written this way: another version's journal.
            throw new PlanetLabException(ErrorCode.DATABASE_ERROR, "the flow archive's journal holds an entry this"
                    + " version cannot read (" + e.getMessage() + "); start the version that wrote it to load it", e);
        }
    }

    private static byte[] utf8(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xffff) {
            throw new IllegalArgumentException("a string of " + bytes.length + " bytes in a flow record");
        }
        return bytes;
    }

    private static void putString(ByteBuffer buffer, byte[] bytes) {
        buffer.putShort((short) bytes.length).put(bytes);
    }

    private static String getString(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.getShort() & 0xffff];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
