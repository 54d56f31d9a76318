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
 * A journal entry's bytes. Only PLC's own journal uses them, and the checksum around them is the
 * journal's. The form written now starts with {@link #FORMAT} (a negative number, where the first
 * form started with the batch's node, always positive, so a journal left by the version before is
 * still read): the batch's node, number, digest and time received; the batch's contexts (slice,
 * slice name, sliver and public address: a handful a batch) once each; then each record's numbers
 * in binary, its context's index and its remote address as a length and UTF-8.
 *
 * <p>The entry is written once, by the uploader's thread, straight into the buffer the journal
 * appends: no string is encoded into an array of its own first (ASCII, nearly all of them, is
 * copied char by char), and the journal's length and checksum go into room left at its start.
 */
final class FlowJournalCodec {
    /** The first int of an entry in the form written now. */
    static final int FORMAT = 0xF10A_0002;
    /** A record's bytes besides its remote address's text. */
    private static final int RECORD_BYTES = 2 + 1 + 2 + 8 + 8 + 4 + 4 + 2 + 4 + 4 * 8 + 1 + 1;

    private FlowJournalCodec() {}

    /**
     * The staged batch's entry after {@code header} bytes left free, the buffer's position at its
     * end; the records are the batch's, in its order, each with its context among the staged ones.
     */
    static ByteBuffer encode(DuckDbTables.Staged staged, int header) {
        FlowBatch batch = staged.entry().batch();
        List<FlowRecord> records = batch.records();
        List<FlowContexts.Context> contexts = staged.contexts();
        String digest = staged.entry().digest();
        // At most 3 bytes of UTF-8 a char (a surrogate pair: 4 bytes for 2 chars).
        int size = header + 4 + 4 + 8 + 8 + 2 + 3 * digest.length() + 4 + 4;
        for (FlowContexts.Context context : contexts) {
            size += 4 + 6 + 3 * (context.sliceName.length() + context.sliverAddress.length()
                    + context.publicAddress.length());
        }
        for (FlowRecord record : records) {
            size += RECORD_BYTES + 3 * record.remoteAddress().length();
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.position(header);
        buffer.putInt(FORMAT).putInt(batch.nodeId()).putLong(batch.sequence()).putLong(staged.entry().receivedMillis());
        putString(buffer, digest);
        buffer.putInt(contexts.size());
        for (FlowContexts.Context context : contexts) {
            buffer.putInt(context.sliceId);
            putString(buffer, context.sliceName);
            putString(buffer, context.sliverAddress);
            putString(buffer, context.publicAddress);
        }
        buffer.putInt(records.size());
        int last = 0;
        for (FlowRecord record : records) {
            if (!contexts.get(last).matches(record)) {
                last = indexOf(contexts, record);
            }
            buffer.putShort((short) last);
            buffer.put((byte) record.direction().ordinal());
            buffer.putShort((short) record.protocol());
            buffer.putLong(record.startMillis()).putLong(record.endMillis());
            buffer.putInt(record.sliverPort()).putInt(record.publicPort());
            putString(buffer, record.remoteAddress());
            buffer.putInt(record.remotePort());
            buffer.putLong(record.packetsOut()).putLong(record.bytesOut()).putLong(record.packetsIn())
                    .putLong(record.bytesIn());
            buffer.put((byte) record.tcpFlags());
            buffer.put((byte) (record.dropped() ? 1 : 0));
        }
        return buffer;
    }

    private static int indexOf(List<FlowContexts.Context> contexts, FlowRecord record) {
        for (int index = 0; index < contexts.size(); index++) {
            if (contexts.get(index).matches(record)) {
                return index;
            }
        }
        throw new IllegalStateException("a record of batch " + record.nodeId() + " without its context");
    }

    static FlowJournal.Entry decode(byte[] payload) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(payload);
            return buffer.getInt(0) == FORMAT ? decodeWithContexts(buffer.position(4)) : decodeFirstForm(buffer);
        } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
            // The checksum matched, so these bytes were written this way: another version's journal.
            throw new PlanetLabException(ErrorCode.DATABASE_ERROR, "the flow archive's journal holds an entry this"
                    + " version cannot read (" + e.getMessage() + "); start the version that wrote it to load it", e);
        }
    }

    private static FlowJournal.Entry decodeWithContexts(ByteBuffer buffer) {
        int nodeId = buffer.getInt();
        long sequence = buffer.getLong();
        long receivedMillis = buffer.getLong();
        String digest = getString(buffer);
        int contextCount = buffer.getInt();
        if (contextCount < 0 || contextCount > FlowBatch.MAX_RECORDS) {
            throw new IllegalArgumentException("a batch of " + contextCount + " contexts");
        }
        List<FlowContexts.Context> contexts = new ArrayList<>(contextCount);
        for (int index = 0; index < contextCount; index++) {
            contexts.add(new FlowContexts.Context(nodeId, buffer.getInt(), getString(buffer), getString(buffer),
                    getString(buffer)));
        }
        int count = count(buffer);
        List<FlowRecord> records = new ArrayList<>(count);
        for (int index = 0; index < count; index++) {
            FlowContexts.Context context = contexts.get(buffer.getShort() & 0xffff);
            FlowRecord.Direction direction = FlowRecord.Direction.values()[buffer.get()];
            int protocol = buffer.getShort() & 0xffff;
            long start = buffer.getLong();
            long end = buffer.getLong();
            int sliverPort = buffer.getInt();
            int publicPort = buffer.getInt();
            String remoteAddress = getString(buffer);
            records.add(new FlowRecord(nodeId, context.sliceId, context.sliceName, direction, protocol, start, end,
                    context.sliverAddress, sliverPort, context.publicAddress, publicPort, remoteAddress,
                    buffer.getInt(), buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.getLong(),
                    buffer.get() & 0xff, buffer.get() == 1));
        }
        return entry(buffer, nodeId, sequence, records, digest, receivedMillis);
    }

    private static int count(ByteBuffer buffer) {
        int count = buffer.getInt();
        if (count < 0 || count > FlowBatch.MAX_RECORDS) {
            throw new IllegalArgumentException("a batch of " + count + " records");
        }
        return count;
    }

    private static FlowJournal.Entry entry(ByteBuffer buffer, int nodeId, long sequence, List<FlowRecord> records,
            String digest, long receivedMillis) {
        if (buffer.hasRemaining()) {
            throw new IllegalArgumentException(buffer.remaining() + " bytes after the last record");
        }
        return new FlowJournal.Entry(new FlowBatch(nodeId, sequence, records), digest, receivedMillis);
    }

    /** An entry as the version before wrote it: every record with its four strings. */
    private static FlowJournal.Entry decodeFirstForm(ByteBuffer buffer) {
        int nodeId = buffer.getInt();
        long sequence = buffer.getLong();
        long receivedMillis = buffer.getLong();
        String digest = getString(buffer);
        int count = count(buffer);
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
        return entry(buffer, nodeId, sequence, records, digest, receivedMillis);
    }

    /** The text as a 2-byte length and UTF-8: ASCII copied char by char, anything else encoded. */
    private static void putString(ByteBuffer buffer, String text) {
        int length = text.length();
        int start = buffer.position();
        byte[] array = buffer.array();
        int at = buffer.arrayOffset() + start + 2;
        for (int index = 0; index < length; index++) {
            char c = text.charAt(index);
            if (c >= 0x80) {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                checkLength(bytes.length);
                buffer.putShort((short) bytes.length).put(bytes);
                return;
            }
            array[at + index] = (byte) c;
        }
        checkLength(length);
        buffer.putShort((short) length).position(start + 2 + length);
    }

    private static void checkLength(int bytes) {
        if (bytes > 0xffff) {
            throw new IllegalArgumentException("a string of " + bytes + " bytes in a flow record");
        }
    }

    private static String getString(ByteBuffer buffer) {
        int length = buffer.getShort() & 0xffff;
        String text = new String(buffer.array(), buffer.arrayOffset() + buffer.position(), length,
                StandardCharsets.UTF_8);
        buffer.position(buffer.position() + length);
        return text;
    }
}
