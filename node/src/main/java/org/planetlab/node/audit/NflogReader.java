package org.planetlab.node.audit;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads the pcap stream {@code tcpdump -i nflog:GROUP -w -} writes (link type NFLOG): per packet
 * the interface indexes it came in on or was to go out on, and the packet from its IP header on.
 * The TLVs' lengths and types are in the capturing machine's byte order, their values in network
 * order (libpcap's LINKTYPE_NFLOG).
 */
final class NflogReader {
    private static final int LINKTYPE_NFLOG = 239;
    private static final int INDEV = 4;
    private static final int OUTDEV = 5;
    private static final int PAYLOAD = 9;

    /** One logged packet; an index is 0 when the kernel gave none. */
    record Logged(int inIndex, int outIndex, byte[] packet, long millis) {}

    private final DataInputStream input;
    private ByteOrder order;

    NflogReader(InputStream input) {
        this.input = new DataInputStream(input);
    }

    /** The next packet, or null at the end of the stream. */
    Logged next() throws IOException {
        if (order == null && !readHeader()) {
            return null;
        }
        byte[] recordHeader = new byte[16];
        try {
            input.readFully(recordHeader);
        } catch (EOFException e) {
            return null;
        }
        ByteBuffer header = ByteBuffer.wrap(recordHeader).order(order);
        long seconds = Integer.toUnsignedLong(header.getInt());
        long micros = Integer.toUnsignedLong(header.getInt());
        int captured = header.getInt();
        if (captured < 4 || captured > 1 << 20) {
            throw new IOException("pcap record of " + captured + " bytes");
        }
        byte[] data = new byte[captured];
        input.readFully(data);
        return parse(data, seconds * 1000 + micros / 1000);
    }

    private boolean readHeader() throws IOException {
        byte[] bytes = new byte[24];
        try {
            input.readFully(bytes);
        } catch (EOFException e) {
            return false;
        }
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int magic = header.getInt(0);
        if (magic == 0xa1b2c3d4) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (Integer.reverseBytes(magic) == 0xa1b2c3d4) {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw new IOException("not a microsecond pcap stream (magic " + Integer.toHexString(magic) + ")");
        }
        int linkType = header.order(order).getInt(20);
        if (linkType != LINKTYPE_NFLOG) {
            throw new IOException("pcap link type " + linkType + ", expected NFLOG");
        }
        return true;
    }

    private Logged parse(byte[] data, long millis) {
        ByteBuffer buffer = ByteBuffer.wrap(data);
        int at = 4;
        int in = 0;
        int out = 0;
        byte[] packet = new byte[0];
        while (at + 4 <= data.length) {
            int length = Short.toUnsignedInt(buffer.order(order).getShort(at));
            int type = Short.toUnsignedInt(buffer.order(order).getShort(at + 2)) & 0x7fff;
            if (length < 4) {
                break;
            }
            int value = at + 4;
            if (at + length > data.length) {
                // Cut by the capture's snap length: only the payload is worth keeping, as far as it goes.
                if (type == PAYLOAD) {
                    packet = new byte[data.length - value];
                    System.arraycopy(data, value, packet, 0, packet.length);
                }
                break;
            }
            switch (type) {
                case INDEV -> in = buffer.order(ByteOrder.BIG_ENDIAN).getInt(value);
                case OUTDEV -> out = buffer.order(ByteOrder.BIG_ENDIAN).getInt(value);
                case PAYLOAD -> {
                    packet = new byte[length - 4];
                    System.arraycopy(data, value, packet, 0, packet.length);
                }
                default -> { }
            }
            at += (length + 3) & ~3;
        }
        return new Logged(in, out, packet, millis);
    }
}
