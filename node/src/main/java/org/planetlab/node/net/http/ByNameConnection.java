package org.planetlab.node.net.http;

import static java.util.Objects.requireNonNull;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.planetlab.node.net.http.HttpByName.Limits;
import org.planetlab.node.net.http.HttpNames.Route;
import org.planetlab.node.net.http.RequestHead.Framing;
import org.planetlab.node.net.http.RequestHead.Refused;

/**
 * One client connection to port 80: each request's head is read and checked, its {@code Host}
 * chooses the server, the head goes on with a {@code Forwarded} element naming the client and the
 * body is copied as it is framed; the server's answers stream back untouched on a second thread.
 * A connection stays with the server of its first request: a later request for another server
 * (or a slice that lost its port) ends the connection once the server has answered what it got,
 * and the client asks again on a new one. Requests that cannot be passed on are answered here.
 */
final class ByNameConnection implements Runnable {
    private static final byte[] CRLF = {'\r', '\n'};

    /** Where the request thread is blocked reading the client, which decides how long it may wait. */
    private enum Waiting {
        /** Not reading the client. */
        NOTHING,
        /** The next request: the connection may rest while the server's answers still stream. */
        NEXT_REQUEST,
        /** The rest of a request: the client must keep sending. */
        REST_OF_REQUEST,
        /** Bytes after a switch of protocols, in either direction. */
        RAW
    }

    private final Socket client;
    private final HttpNames names;
    private final InetSocketAddress nodePage;
    private final Limits limits;
    private final RelayListener relays;
    private final Executor threads;
    private final Runnable onClosed;
    private final byte[] buffer;
    private final AtomicInteger running = new AtomicInteger(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final String forwarded;
    private int start;
    private int end;
    /** What the request thread is waiting for from the client, for {@link #expire}. */
    private volatile Waiting waiting = Waiting.NOTHING;
    private volatile long lastFromClient = System.nanoTime();
    private volatile long lastActivity = lastFromClient;
    private volatile Socket connecting;
    private volatile Socket server;
    /** What to tell the relay listener when the connection to a slice's server closes; taken once. */
    private final AtomicReference<Runnable> relayClosed = new AtomicReference<>();
    private InetSocketAddress serverAddress;
    private OutputStream toServer;

    ByNameConnection(Socket client, HttpNames names, InetSocketAddress nodePage, Limits limits, RelayListener relays,
            Executor threads, Runnable onClosed) {
        this.client = requireNonNull(client, "client is null");
        this.names = requireNonNull(names, "names is null");
        this.nodePage = requireNonNull(nodePage, "nodePage is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.relays = requireNonNull(relays, "relays is null");
        this.threads = requireNonNull(threads, "threads is null");
        this.onClosed = requireNonNull(onClosed, "onClosed is null");
        this.buffer = new byte[Math.max(limits.headerBytes(), 16 * 1024)];
        String address = client.getInetAddress().getHostAddress();
        this.forwarded = "Forwarded: for=" + (client.getInetAddress() instanceof Inet6Address ? "\"[" + address + "]\"" : address)
                + ";proto=http\r\n";
    }

    @Override
    public void run() {
        boolean handedOver = false;
        try {
            client.setTcpNoDelay(true);
            InputStream in = client.getInputStream();
            while (true) {
                RequestHead head;
                try {
                    head = readHead(in);
                } catch (Refused refused) {
                    if (server != null) {
                        break;
                    }
                    answer(refused.status(), refused.getMessage() + "\n");
                    return;
                }
                if (head == null) {
                    break;
                }
                Route route = names.route(head.host());
                InetSocketAddress target = switch (route) {
                    case Route.Node node -> nodePage;
                    case Route.Slice slice -> slice.server();
                    case Route.NotHeld notHeld -> null;
                    case Route.Unknown unknown -> null;
                };
                if (server != null && !serverAddress.equals(target)) {
                    // Another server, or none any more: the current one answers what it has, then the connection ends.
                    break;
                }
                if (target == null) {
                    answerRefusal(route);
                    return;
                }
                if (server == null && !connect(route, target)) {
                    return;
                }
                forward(head, in);
                if (head.upgrade() && !(route instanceof Route.Node)) {
                    copyRaw(in);
                    break;
                }
            }
            if (server != null) {
                // No more requests: the server may still be answering; the answer thread ends the connection.
                server.shutdownOutput();
                handedOver = true;
            }
        } catch (IOException e) {
            // The client or the server went away or fell silent: nothing to answer to.
        } finally {
            if (!handedOver) {
                closeBoth();
            }
            finished();
        }
    }

    /** The next request head, or null when the client closed or stayed idle between requests. */
    private RequestHead readHead(InputStream in) throws IOException, Refused {
        int scanned = 0;
        while (true) {
            int terminator = indexOfEmptyLine(start + scanned);
            if (terminator - start > limits.headerBytes()) {
                throw new Refused(431, "the request head is larger than " + limits.headerBytes() + " bytes");
            }
            if (terminator >= 0) {
                RequestHead head = RequestHead.parse(buffer, start, terminator - start);
                start = terminator;
                return head;
            }
            // Scanned so far, counted from the head's start, which moves when the buffer is compacted.
            scanned = Math.max(0, end - start - 3);
            if (end - start >= limits.headerBytes()) {
                throw new Refused(431, "the request head is larger than " + limits.headerBytes() + " bytes");
            }
            if (!fill(in, end == start)) {
                if (end > start) {
                    throw new IOException("the client closed in the middle of a request head");
                }
                return null;
            }
        }
    }

    /** Reads more into the buffer; false at the end of the stream or when the client stayed silent too long. */
    private boolean fill(InputStream in, boolean betweenRequests) throws IOException {
        if (start == end) {
            start = 0;
            end = 0;
        } else if (end == buffer.length) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        waiting = betweenRequests ? Waiting.NEXT_REQUEST : Waiting.REST_OF_REQUEST;
        int read;
        try {
            read = in.read(buffer, end, buffer.length - end);
        } finally {
            waiting = Waiting.NOTHING;
        }
        if (read < 0) {
            return false;
        }
        end += read;
        lastFromClient = System.nanoTime();
        lastActivity = lastFromClient;
        return true;
    }

    private int indexOfEmptyLine(int from) {
        for (int index = from; index + 3 < end; index++) {
            if (buffer[index] == '\r' && buffer[index + 1] == '\n' && buffer[index + 2] == '\r' && buffer[index + 3] == '\n') {
                return index + 4;
            }
        }
        return -1;
    }

    private boolean connect(Route route, InetSocketAddress target) throws IOException {
        // Connected without a timeout (expire() bounds it): a timed connect leaves the socket non-blocking for
        // good, and every read of it would then cost a read that would block and a poll.
        Socket socket = new Socket();
        connecting = socket;
        try {
            socket.connect(target);
            socket.setTcpNoDelay(true);
        } catch (IOException e) {
            socket.close();
            String who = route instanceof Route.Slice slice ? "Slice " + slice.slice() + "'s server" : "The node's page";
            boolean tooSlow = System.nanoTime() - lastActivity > limits.serverTimeout().toNanos();
            answer(502, who + " does not answer: " + (tooSlow ? "no connection within "
                    + limits.serverTimeout().toSeconds() + " s" : e.getMessage()) + "\n");
            return false;
        } finally {
            connecting = null;
        }
        serverAddress = target;
        toServer = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        if (route instanceof Route.Slice) {
            relayClosed.set(relays.opened((InetSocketAddress) client.getRemoteSocketAddress(),
                    (InetSocketAddress) client.getLocalSocketAddress(), (InetSocketAddress) socket.getLocalSocketAddress(), target));
            if (closed.get()) {
                endRelay();
            }
        }
        server = socket;
        running.incrementAndGet();
        threads.execute(this::answers);
        return true;
    }

    /** Passes one request on: its head with the client named, then its body as framed. */
    private void forward(RequestHead head, InputStream in) throws IOException {
        byte[] bytes = head.bytes();
        toServer.write(bytes, 0, bytes.length - 2);
        toServer.write(forwarded.getBytes(StandardCharsets.US_ASCII));
        toServer.write(CRLF);
        switch (head.framing()) {
            case Framing.Length length -> copy(in, length.bytes());
            case Framing.Chunked chunked -> copyChunks(in);
        }
        toServer.flush();
        lastActivity = System.nanoTime();
    }

    private void copy(InputStream in, long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            if (start == end && !fill(in, false)) {
                throw new IOException("the client closed in the middle of a request body");
            }
            int part = (int) Math.min(left, end - start);
            toServer.write(buffer, start, part);
            start += part;
            left -= part;
        }
    }

    private void copyChunks(InputStream in) throws IOException {
        while (true) {
            String sizeLine = copyLine(in);
            int semicolon = sizeLine.indexOf(';');
            String digits = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip();
            if (digits.isEmpty() || digits.length() > 15 || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new IOException("malformed chunk size");
            }
            long size = Long.parseLong(digits, 16);
            if (size == 0) {
                while (!copyLine(in).isEmpty()) {
                    // trailer fields, passed on
                }
                return;
            }
            copy(in, size);
            if (!copyLine(in).isEmpty()) {
                throw new IOException("a chunk longer than its size");
            }
        }
    }

    /** Copies one CRLF-ended line of a chunked body and returns it without the CRLF. */
    private String copyLine(InputStream in) throws IOException {
        int scanned = 0;
        while (true) {
            for (int index = start + scanned; index + 1 < end; index++) {
                if (buffer[index] == '\r' && buffer[index + 1] == '\n') {
                    String line = new String(buffer, start, index - start, StandardCharsets.ISO_8859_1);
                    toServer.write(buffer, start, index + 2 - start);
                    start = index + 2;
                    return line;
                }
            }
            if (end - start > 4096) {
                throw new IOException("a chunk line longer than 4096 bytes");
            }
            scanned = Math.max(0, end - start - 1);
            if (!fill(in, false)) {
                throw new IOException("the client closed in the middle of a chunked body");
            }
        }
    }

    /** After a switch of protocols the connection is the server's: bytes pass both ways unread. */
    private void copyRaw(InputStream in) throws IOException {
        toServer.write(buffer, start, end - start);
        toServer.flush();
        start = end;
        byte[] chunk = new byte[16 * 1024];
        OutputStream out = server.getOutputStream();
        while (true) {
            waiting = Waiting.RAW;
            int read;
            try {
                read = in.read(chunk);
            } finally {
                waiting = Waiting.NOTHING;
            }
            if (read < 0) {
                return;
            }
            out.write(chunk, 0, read);
            lastActivity = System.nanoTime();
        }
    }

    /** The server's answers, streamed back as they come; the end of them ends the connection. */
    private void answers() {
        try {
            InputStream in = server.getInputStream();
            OutputStream out = client.getOutputStream();
            byte[] chunk = new byte[16 * 1024];
            for (int read; (read = in.read(chunk)) >= 0; ) {
                out.write(chunk, 0, read);
                lastActivity = System.nanoTime();
            }
        } catch (IOException e) {
            // Either side went away.
        } finally {
            closeBoth();
            finished();
        }
    }

    private void answerRefusal(Route route) throws IOException {
        switch (route) {
            case Route.Unknown unknown -> answer(404, "No HTTP service named " + unknown.host() + " on this node.\n");
            case Route.NotHeld notHeld -> answer(503, "Slice " + notHeld.slice() + " does not hold port " + notHeld.port()
                    + " on this node.\n");
            default -> throw new IllegalStateException("not a refusal: " + route);
        }
    }

    /**
     * Answers the client and closes. What the client still sends is read and dropped for a moment
     * first, so that the kernel does not reset the connection over unread data before the client
     * has read the answer.
     */
    private void answer(int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        OutputStream out = client.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        client.shutdownOutput();
        client.setSoTimeout(1000);
        InputStream in = client.getInputStream();
        long dropped = 0;
        try {
            for (int read; dropped < 1024 * 1024 && (read = in.read(buffer)) >= 0; ) {
                dropped += read;
            }
        } catch (SocketTimeoutException e) {
            // the client kept the connection open: close it now
        }
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

    /**
     * Cuts what has been silent too long, as of {@code now}: a client that stopped in the middle of
     * a request (for the idle timeout since its last byte), a connection resting between requests
     * or after a switch of protocols with nothing moving either way (idle timeout), and a
     * connection whose server has been silent (server timeout) while nothing moved. Called from
     * the front's one timer, so reads and writes block without a timeout of their own: a timed
     * socket read costs two more system calls (a read that would block, then a poll) each time.
     * Cutting the client's side makes the request thread's read see the end of the stream, so it
     * ends the connection as it would at the client's own close.
     */
    void expire(long now) {
        long idle = limits.idleTimeout().toNanos();
        boolean clientTooSlow = switch (waiting) {
            case NOTHING -> false;
            case NEXT_REQUEST, RAW -> now - lastActivity > idle;
            case REST_OF_REQUEST -> now - lastFromClient > idle;
        };
        if (clientTooSlow) {
            try {
                client.shutdownInput();
            } catch (IOException e) {
                closeBoth();
            }
        }
        boolean serverTooSlow = now - lastActivity > limits.serverTimeout().toNanos();
        Socket pending = connecting;
        if (pending != null && serverTooSlow) {
            closeQuietly(pending);
        }
        if (server != null && serverTooSlow) {
            closeBoth();
        }
    }

    /** Closes both sockets (once); the threads blocked on them wake and end. */
    void closeBoth() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeQuietly(client);
        Socket current = server;
        if (current != null) {
            closeQuietly(current);
        }
        Socket pending = connecting;
        if (pending != null) {
            closeQuietly(pending);
        }
        endRelay();
    }

    private void endRelay() {
        Runnable ended = relayClosed.getAndSet(null);
        if (ended != null) {
            ended.run();
        }
    }

    private void finished() {
        if (running.decrementAndGet() == 0) {
            onClosed.run();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
