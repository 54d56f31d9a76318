package org.planetlab.node.manager;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.planetlab.api.error.PlanetLabException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node manager's local-only interface: a Unix socket, bind-mounted into every sliver at
 * {@code /.planetlab/node-manager.sock}. Each connection is identified once, from the kernel's
 * peer credentials, and served on its own virtual thread, one request line at a time.
 */
public final class NodeManagerServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeManagerServer.class);
    private final Path socket;
    private final PeerIdentity identity;
    private final NodeManagerProtocol protocol;
    private ServerSocketChannel server;
    private Thread acceptor;

    public NodeManagerServer(Path socket, PeerIdentity identity, NodeManagerProtocol protocol) {
        this.socket = requireNonNull(socket, "socket is null");
        this.identity = requireNonNull(identity, "identity is null");
        this.protocol = requireNonNull(protocol, "protocol is null");
    }

    public synchronized void start() {
        try {
            Files.deleteIfExists(socket);
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            // Anyone may connect; who they are is decided from their uid, not from the file mode.
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + socket, e);
        }
        acceptor = Thread.ofPlatform().name("node-manager-accept").daemon().start(this::acceptLoop);
        LOG.info("node manager listening on {}", socket);
    }

    public Path socket() {
        return socket;
    }

    private void acceptLoop() {
        while (true) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warn("node manager accept failed: {}", e.getMessage());
                continue;
            }
            Thread.ofVirtual().name("node-manager-connection").start(() -> serve(channel));
        }
    }

    private void serve(SocketChannel channel) {
        try (channel) {
            Caller caller;
            try {
                caller = identity.identify(channel);
            } catch (PlanetLabException e) {
                channel.write(ByteBuffer.wrap(refusal(e)));
                return;
            }
            LineReader reader = new LineReader(channel, NodeManagerProtocol.LIMITS.maxBytes());
            byte[] line;
            while ((line = reader.next()) != null) {
                byte[] answer = protocol.handle(caller, line);
                ByteBuffer buffer = ByteBuffer.allocate(answer.length + 1).put(answer).put((byte) '\n').flip();
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        } catch (IOException e) {
            LOG.debug("node manager connection ended: {}", e.getMessage());
        }
    }

    private static byte[] refusal(PlanetLabException e) {
        String message = e.getMessage().replace("\\", "\\\\").replace("\"", "\\\"");
        return ("{\"id\":null,\"error\":{\"code\":\"" + e.code().name() + "\",\"message\":\"" + message + "\"}}\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            try {
                server.close();
                Files.deleteIfExists(socket);
            } catch (IOException e) {
                LOG.warn("cannot close {}: {}", socket, e.getMessage());
            }
            server = null;
        }
    }

    /** Splits a byte stream into lines, refusing (by ending the connection) lines longer than a limit. */
    static final class LineReader {
        private final SocketChannel channel;
        private final int maxLine;
        private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        LineReader(SocketChannel channel, int maxLine) {
            this.channel = channel;
            this.maxLine = maxLine;
            buffer.flip();
        }

        byte[] next() throws IOException {
            while (true) {
                while (buffer.hasRemaining()) {
                    byte next = buffer.get();
                    if (next == '\n') {
                        byte[] line = pending.toByteArray();
                        pending.reset();
                        return line;
                    }
                    pending.write(next);
                    if (pending.size() > maxLine) {
                        throw new IOException("request line longer than " + maxLine + " bytes");
                    }
                }
                buffer.clear();
                int read = channel.read(buffer);
                buffer.flip();
                if (read < 0) {
                    return null;
                }
            }
        }
    }
}
