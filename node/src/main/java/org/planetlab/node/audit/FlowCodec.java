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
