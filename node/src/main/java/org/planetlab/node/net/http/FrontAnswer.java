package org.planetlab.node.net.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An answer of the front's own to a client (a refusal), as a {@link ByNameConnection} writes it:
 * a plain-text answer that closes the connection. Once it is all written and the client's side
 * shut, what the client still sends is read and dropped for a moment, so that the kernel does not
 * reset the connection over unread data before the client has read the answer. Used on the relay
 * loop's thread only.
 */
final class FrontAnswer {
    private static final int MAX_DROPPED = 1024 * 1024;
    private static final long DRAIN_NANOS = 1_000_000_000L;

    private final ByteBuffer bytes;
    /** Whether the answer is written and what the client sends is being dropped. */
    private boolean draining;
    /** While draining: until when what the client still sends is read and dropped. */
    private long drainUntil;
    private long dropped;

    /** The answer with this status and text as its body. */
    FrontAnswer(int status, String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] whole = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, whole, head.length, body.length);
        this.bytes = ByteBuffer.wrap(whole);
    }

    /** Writes what the client takes of the answer; once it is all written, shuts the client's side and starts draining. */
    void writeTo(SocketChannel client, long now) throws IOException {
        client.write(bytes);
        if (bytes.hasRemaining()) {
            return;
        }
        client.shutdownOutput();
        draining = true;
        drainUntil = now + DRAIN_NANOS;
    }

    /** Whether the answer is written and the client is being read only to drop what it sends. */
    boolean draining() {
        return draining;
    }

    /** Whether the moment of draining is over, as of {@code now}. */
    boolean drainOver(long now) {
        return now - drainUntil > 0;
    }

    /**
     * Reads what the client sends and drops it; false when the connection is to close: the client
     * closed or failed, or sent more than is worth reading.
     */
    boolean drop(SocketChannel client, ByteBuffer scratch) {
        int read;
        try {
            read = client.read(scratch);
        } catch (IOException e) {
            return false;
        }
        return read >= 0 && (dropped += read) < MAX_DROPPED;
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 431 -> "Request Header Fields Too Large";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> "Error";
        };
    }
}
