package org.planetlab.trust.ssh;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The SSH wire encoding's length-prefixed strings (RFC 4251 §5). */
final class SshWire {
    private SshWire() {
    }

    static byte[] readString(ByteBuffer buffer) {
        if (buffer.remaining() < 4) {
            throw SshKeys.malformed("the data is truncated");
        }
        int length = buffer.getInt();
        if (length < 0 || length > buffer.remaining()) {
            throw SshKeys.malformed("the data is truncated");
        }
        byte[] value = new byte[length];
        buffer.get(value);
        return value;
    }

    static byte[] string(String text) {
        return string(text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] string(byte[] value) {
        return ByteBuffer.allocate(4 + value.length).putInt(value.length).put(value).array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            output.writeBytes(part);
        }
        return output.toByteArray();
    }
}
