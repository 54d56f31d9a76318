package org.planetlab.plc.audit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Rows in ClickHouse's RowBinary format: fixed-size numbers little-endian, strings as their UTF-8
 * length (LEB128) and bytes, one column after the other in the table's declared order.
 */
final class RowBinary {
    private byte[] bytes;
    private int size;

    RowBinary(int expectedBytes) {
        bytes = new byte[Math.max(64, expectedBytes)];
    }

    RowBinary int8(int value) {
        room(1);
        bytes[size++] = (byte) value;
        return this;
    }

    RowBinary int16(int value) {
        room(2);
        bytes[size++] = (byte) value;
        bytes[size++] = (byte) (value >>> 8);
        return this;
    }

    RowBinary int32(int value) {
        room(4);
        for (int shift = 0; shift < 32; shift += 8) {
            bytes[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    RowBinary int64(long value) {
        room(8);
        for (int shift = 0; shift < 64; shift += 8) {
            bytes[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    RowBinary string(String value) {
        byte[] text = value.getBytes(StandardCharsets.UTF_8);
        room(text.length + 5);
        for (int length = text.length; ; length >>>= 7) {
            if (length < 0x80) {
                bytes[size++] = (byte) length;
                break;
            }
            bytes[size++] = (byte) (length & 0x7f | 0x80);
        }
        System.arraycopy(text, 0, bytes, size, text.length);
        size += text.length;
        return this;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void room(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
