package org.planetlab.node.net.kernel;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Netlink encoding shared by the request builders: a message is a 16-byte header (length, type,
 * flags, sequence, port; host byte order), a family-specific fixed header, then attributes
 * (length, type, value), every part padded to 4 bytes.
 */
public final class NetlinkMessage {
    public static final int NLM_F_REQUEST = 0x1;
    public static final int NLM_F_ACK = 0x4;
    public static final int NLM_F_REPLACE = 0x100;
    public static final int NLM_F_CREATE = 0x400;
    public static final int NLA_F_NESTED = 0x8000;

    private NetlinkMessage() {}

    public static byte[] message(int type, int flags, int sequence, byte[] fixedHeader, byte[]... attributes) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(fixedHeader);
        for (byte[] attribute : attributes) {
            body.writeBytes(attribute);
        }
        int length = 16 + body.size();
        ByteBuffer buffer = ByteBuffer.allocate(align(length)).order(ByteOrder.nativeOrder());
        buffer.putInt(length).putShort((short) type).putShort((short) flags).putInt(sequence).putInt(0);
        buffer.put(body.toByteArray());
        return buffer.array();
    }

    public static byte[] attribute(int type, byte[] value) {
        int length = 4 + value.length;
        ByteBuffer buffer = ByteBuffer.allocate(align(length)).order(ByteOrder.nativeOrder());
        buffer.putShort((short) length).putShort((short) type).put(value);
        return buffer.array();
    }

    public static byte[] nested(int type, byte[]... attributes) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] attribute : attributes) {
            content.writeBytes(attribute);
        }
        return attribute(type | NLA_F_NESTED, content.toByteArray());
    }

    /** A host-order 32-bit value. */
    public static byte[] u32(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
    }

    /** A NUL-terminated string. */
    public static byte[] string(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] terminated = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, terminated, 0, bytes.length);
        return terminated;
    }

    public static int align(int length) {
        return (length + 3) & ~3;
    }
}
