package org.planetlab.node.net.http;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.planetlab.node.net.http.RequestHead.Framing;
import org.planetlab.node.net.http.RequestHead.Refused;

/**
 * The request side of one {@link ByNameConnection}: the bytes read from the client, parsed where
 * they lie into heads and bodies as they are framed, and queued for the server as views of that
 * one buffer with the {@code Forwarded} element put in before each head's last line end. What a
 * head means (which server, refused or not) is the connection's to decide ({@link Heads}).
 * Everything here runs on the loop's thread.
 */
final class ClientRequests {
    /** Most parts one gathering write to the server takes: each relayed head adds two. */
    private static final int PARTS = 32;
    private static final int MAX_CHUNK_LINE = 4096;

    /** What the bytes from the client are, at {@link #parsed}. */
    enum Reading {
        /** The head of the next request. */
        HEAD,
        /** {@link #left} bytes of a body of known length. */
        LENGTH,
        /** The size line of the next chunk. */
        CHUNK_SIZE,
        /** {@link #left} bytes of a chunk. */
        CHUNK_DATA,
        /** The line end after a chunk. */
        CHUNK_END,
        /** A trailer line, or the empty line that ends a chunked body. */
        TRAILER,
        /** Bytes after a switch of protocols, passed on unread. */
        RAW,
        /** Nothing more: the client's requests are over or go elsewhere. */
        ENDED
    }

    /** What the connection decides as the requests are read. */
    interface Heads {
        /**
         * A whole head: true if it goes to the server (now connected or connecting), false if the
         * connection refused it or ended the requests before it.
         */
        boolean relay(RequestHead head);

        /** Whether this head asks for a switch of protocols that the connection passes on. */
        boolean switchesProtocols(RequestHead head);

        /** A head that cannot be read: too large or malformed. */
        void refuse(int status, String reason);

        /** A chunked body that breaks its framing: nothing sane follows. */
        void malformed();

        /** Whether the requests still go on: false once the connection refused, failed or closed. */
        boolean relaying();
    }

    private final RelayLoop loop;
    private final int headerBytes;
    /** The client's element and the head's final empty line: what takes the place of a head's last CRLF. */
    private final byte[] forwarded;

    /** Bytes from the client, lent by the loop while it holds any: [0, end) read, [0, parsed) understood. */
    private ByteBuffer in;
    private int end;
    private int parsed;
    /** Where the bytes understood but not yet queued for the server start. */
    private int queuedUpTo;
    /** Where the search for the end of the current head resumes. */
    private int scanned;
    private Reading reading = Reading.HEAD;
    private long left;
    private boolean switchAfterBody;
    /** Queued for the server, in order: views of {@link #in} and the Forwarded elements. */
    private final ByteBuffer[] toServer = new ByteBuffer[PARTS];
    private int firstQueued;
    private int queued;

    ClientRequests(RelayLoop loop, int headerBytes, byte[] forwarded) {
        this.loop = requireNonNull(loop, "loop is null");
        this.headerBytes = headerBytes;
        this.forwarded = requireNonNull(forwarded, "forwarded is null");
    }

    Reading reading() {
        return reading;
    }

    /** Whether bytes the client sent are read and not yet understood. */
    boolean holdsUnparsed() {
        return parsed != end;
    }

    /** Whether parts wait to be written to the server. */
    boolean queued() {
        return queued > 0;
    }

    /** Reads what the client sent into the buffer; -1 when the client closed its side. */
    int readFrom(SocketChannel client) throws IOException {
        if (in == null) {
            in = loop.takeBuffer();
        }
        in.limit(in.capacity()).position(end);
        int read = client.read(in);
        if (read > 0) {
            end += read;
        }
        return read;
    }

    /** Writes what is queued to the server; true if anything was written. */
    boolean writeTo(SocketChannel server) throws IOException {
        boolean wrote = server.write(toServer, firstQueued, queued) > 0;
        while (queued > 0 && !toServer[firstQueued].hasRemaining()) {
            toServer[firstQueued++] = null;
            queued--;
        }
        if (queued == 0) {
            firstQueued = 0;
        }
        return wrote;
    }

    /** With nothing queued, what was parsed is spent: the buffer starts over, or goes back while empty. */
    void reuseInput() {
        if (in == null || parsed == 0) {
            return;
        }
        if (parsed == end) {
            loop.giveBack(in);
            in = null;
            end = 0;
        } else {
            in.limit(end).position(parsed);
            in.compact();
            end -= parsed;
        }
        scanned = Math.max(0, scanned - parsed);
        parsed = 0;
        queuedUpTo = 0;
    }

    /** No request follows. */
    void end() {
        reading = Reading.ENDED;
    }

    /** The requests before the one at {@link #parsed} are all that goes to the server. */
    void endHere() {
        reading = Reading.ENDED;
        end = parsed;
    }

    /** Reads requests from the buffer and queues them for the server, until it needs more bytes or the queue is full. */
    void parse(Heads heads) {
        parsing:
        while (queued + 3 <= PARTS) {
            switch (reading) {
                case HEAD -> {
                    if (parsed == end || !head(heads)) {
                        break parsing;
                    }
                }
                case LENGTH, CHUNK_DATA -> {
                    if (left == 0) {
                        reading = reading == Reading.LENGTH ? nextRequest() : Reading.CHUNK_END;
                    } else if (parsed == end) {
                        break parsing;
                    } else {
                        int part = (int) Math.min(left, end - parsed);
                        parsed += part;
                        left -= part;
                    }
                }
                case CHUNK_SIZE, CHUNK_END, TRAILER -> {
                    if (!chunkLine(heads)) {
                        break parsing;
                    }
                }
                case RAW -> {
                    if (parsed == end) {
                        break parsing;
                    }
                    parsed = end;
                }
                case ENDED -> {
                    break parsing;
                }
            }
        }
        if (heads.relaying() && parsed > queuedUpTo) {
            queue(in.slice(queuedUpTo, parsed - queuedUpTo));
            queuedUpTo = parsed;
        }
    }

    /** Reads the head at {@link #parsed} if it is all there and queues it; false when nothing more can be done now. */
    private boolean head(Heads heads) {
        int terminator = indexOfEmptyLine(Math.max(scanned, parsed));
        if (terminator < 0 ? end - parsed >= headerBytes : terminator - parsed > headerBytes) {
            heads.refuse(431, "the request head is larger than " + headerBytes + " bytes");
            return false;
        }
        if (terminator < 0) {
            scanned = Math.max(parsed, end - 3);
            return false;
        }
        byte[] bytes = new byte[terminator - parsed];
        in.get(parsed, bytes);
        RequestHead head;
        try {
            head = RequestHead.parse(bytes, 0, bytes.length);
        } catch (Refused refused) {
            heads.refuse(refused.status(), refused.getMessage());
            return false;
        }
        if (!heads.relay(head)) {
            return false;
        }
        // The head up to its last CRLF, then the Forwarded element and the empty line in place of that CRLF.
        queue(in.slice(queuedUpTo, terminator - 2 - queuedUpTo));
        queue(ByteBuffer.wrap(forwarded));
        parsed = terminator;
        queuedUpTo = terminator;
        scanned = terminator;
        switchAfterBody = heads.switchesProtocols(head);
        switch (head.framing()) {
            case Framing.Length length -> {
                reading = Reading.LENGTH;
                left = length.bytes();
            }
            case Framing.Chunked chunked -> reading = Reading.CHUNK_SIZE;
        }
        return true;
    }

    /** A line of a chunked body at {@link #parsed}, passed on as it is; false when it is not all there yet. */
    private boolean chunkLine(Heads heads) {
        int lineEnd = -1;
        for (int index = Math.max(scanned, parsed); index + 1 < end; index++) {
            if (in.get(index) == '\r' && in.get(index + 1) == '\n') {
                lineEnd = index;
                break;
            }
        }
        if (lineEnd < 0) {
            if (end - parsed > MAX_CHUNK_LINE) {
                heads.malformed(); // a chunk line longer than any sane one
                return false;
            }
            scanned = Math.max(parsed, end - 1);
            return false;
        }
        int length = lineEnd - parsed;
        parsed = lineEnd + 2;
        scanned = parsed;
        switch (reading) {
            case CHUNK_SIZE -> {
                byte[] line = new byte[length];
                in.get(lineEnd - length, line);
                String text = new String(line, StandardCharsets.ISO_8859_1);
                int semicolon = text.indexOf(';');
                String digits = (semicolon < 0 ? text : text.substring(0, semicolon)).strip();
                if (digits.isEmpty() || digits.length() > 15 || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    heads.malformed(); // a malformed chunk size
                    return false;
                }
                left = Long.parseLong(digits, 16);
                reading = left == 0 ? Reading.TRAILER : Reading.CHUNK_DATA;
            }
            case CHUNK_END -> {
                if (length != 0) {
                    heads.malformed(); // a chunk longer than its size
                    return false;
                }
                reading = Reading.CHUNK_SIZE;
            }
            case TRAILER -> {
                if (length == 0) {
                    reading = nextRequest();
                }
            }
            default -> throw new IllegalStateException("not a chunk line: " + reading);
        }
        return true;
    }

    private Reading nextRequest() {
        scanned = parsed;
        return switchAfterBody ? Reading.RAW : Reading.HEAD;
    }

    private int indexOfEmptyLine(int from) {
        for (int index = from; index + 3 < end; index++) {
            if (in.get(index + 3) == '\n' && in.get(index) == '\r' && in.get(index + 1) == '\n' && in.get(index + 2) == '\r') {
                return index + 4;
            }
        }
        return -1;
    }

    private void queue(ByteBuffer part) {
        toServer[firstQueued + queued] = part;
        queued++;
    }

    /** Drops what is queued and what was read, gives the buffer back, and reads no more requests. */
    void release() {
        Arrays.fill(toServer, null);
        queued = 0;
        firstQueued = 0;
        if (in != null) {
            loop.giveBack(in);
            in = null;
        }
        end = parsed = queuedUpTo = scanned = 0;
        reading = Reading.ENDED;
    }
}
