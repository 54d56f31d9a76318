package org.planetlab.node.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.planetlab.api.audit.FlowRecord;

/**
 * The on-disk form of one flow record in a segment: a 2-byte length, then the fields. Addresses
 * are kept as text, as they are compared; a record cut short by a crash is recognised by its
 * length and ignored.
 */
final class FlowCodec {
    private static final int VERSION = 1;

    private FlowCodec() {}

    static byte[] encode(FlowRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeShort(0);
            out.writeByte(VERSION);
            out.writeInt(record.nodeId());
            out.writeInt(record.sliceId());
            out.writeUTF(record.sliceName());
            out.writeByte(record.direction().ordinal());
            out.writeByte(record.protocol());
            out.writeLong(record.startMillis());
            out.writeLong(record.endMillis());
            out.writeUTF(record.sliverAddress());
            out.writeShort(record.sliverPort());
            out.writeUTF(record.publicAddress());
            out.writeShort(record.publicPort());
            out.writeUTF(record.remoteAddress());
            out.writeShort(record.remotePort());
            out.writeLong(record.packetsOut());
            out.writeLong(record.bytesOut());
            out.writeLong(record.packetsIn());
            out.writeLong(record.bytesIn());
            out.writeByte(record.tcpFlags());
            out.writeBoolean(record.dropped());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] encoded = bytes.toByteArray();
        int length = encoded.length - 2;
        encoded[0] = (byte) (length >> 8);
        encoded[1] = (byte) length;
        return encoded;
    }

    /** {@code text} as {@link DataOutputStream#writeUTF} writes it: a 2-byte length, then the bytes. */
    static byte[] utf(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(2 + text.length());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Whether the record whose body (after its length) is {@code body[0..length)} can be one of a
     * query's: its remote address is {@code remote} (as {@link #utf} encodes it) and it overlaps
     * [{@code from}, {@code to}]. Read in place, so a query decodes only the records it may answer;
     * a body of another version, or too short to hold its fields, is left to {@link #decode}.
     */
    static boolean mayMatch(byte[] body, int length, byte[] remote, long from, long to) {
        if (length < 1 || body[0] != VERSION) {
            return true;
        }
        int at = skipUtf(body, 9, length);
        if (at < 0 || at + 18 > length) {
            return true;
        }
        at += 2;
        long start = readLong(body, at);
        long end = readLong(body, at + 8);
        if (end < from || start > to) {
            return false;
        }
        at = skipUtf(body, at + 16, length);
        at = at < 0 ? -1 : skipUtf(body, at + 2, length);
        if (at < 0 || at + 2 + remote.length > length) {
            return true;
        }
        at += 2;
        return java.util.Arrays.equals(body, at, at + remote.length, remote, 0, remote.length);
    }

    /**
     * Where the remote address starts in the body {@code body[0..length)} of a record, at its
     * 2-byte length (so the bytes up to its end are what {@link #utf} makes of it); -1 for a body
     * of another version or too short to hold it.
     */
    static int remoteAddressAt(byte[] body, int length) {
        if (length < 1 || body[0] != VERSION) {
            return -1;
        }
        int at = skipUtf(body, 9, length);
        if (at < 0 || at + 18 > length) {
            return -1;
        }
        at = skipUtf(body, at + 18, length);
        at = at < 0 ? -1 : skipUtf(body, at + 2, length);
        if (at < 0 || skipUtf(body, at + 2, length) < 0) {
            return -1;
        }
        return at + 2;
    }

    /** The position after the modified-UTF-8 string at {@code at}, or -1 past {@code length}. */
    private static int skipUtf(byte[] body, int at, int length) {
        if (at < 0 || at + 2 > length) {
            return -1;
        }
        int next = at + 2 + (((body[at] & 0xff) << 8) | (body[at + 1] & 0xff));
        return next > length ? -1 : next;
    }

    private static long readLong(byte[] body, int at) {
        long value = 0;
        for (int index = at; index < at + 8; index++) {
            value = (value << 8) | (body[index] & 0xffL);
        }
        return value;
    }

    /** Decodes the body of one record (after its length). */
    static FlowRecord decode(DataInputStream in) throws IOException {
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new IOException("flow record version " + version);
        }
        return new FlowRecord(in.readInt(), in.readInt(), in.readUTF(),
                FlowRecord.Direction.values()[in.readUnsignedByte()], in.readUnsignedByte(), in.readLong(), in.readLong(),
                in.readUTF(), in.readUnsignedShort(), in.readUTF(), in.readUnsignedShort(), in.readUTF(),
                in.readUnsignedShort(), in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                in.readUnsignedByte(), in.readBoolean());
    }
}
