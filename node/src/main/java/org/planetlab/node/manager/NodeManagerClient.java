package org.planetlab.node.manager;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.wire.JsonCodec;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.api.rspec.RspecWire;

/**
 * Calls the node manager over its Unix socket: from inside a sliver at
 * {@code /.planetlab/node-manager.sock}, from the host at {@code <run-dir>/node-manager.sock}.
 * One connection, one call at a time; errors come back as {@link PlanetLabException} with the
 * node manager's code and message. Not thread-safe.
 */
public final class NodeManagerClient implements AutoCloseable {
    /** Where slivers find the node manager. */
    public static final Path SLIVER_SOCKET = Path.of("/.planetlab/node-manager.sock");

    private final SocketChannel channel;
    private final JsonCodec codec = new JsonCodec();
    private final ByteBuffer input = ByteBuffer.allocate(64 * 1024).flip();
    private long nextId = 1;

    private NodeManagerClient(SocketChannel channel) {
        this.channel = channel;
    }

    public static NodeManagerClient connect(Path socket) {
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(requireNonNull(socket, "socket is null")));
            return new NodeManagerClient(channel);
        } catch (IOException e) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "cannot reach the node manager at " + socket + ": " + e.getMessage(), e);
        }
    }

    /** Sends one request and returns its result in the neutral value model of {@link JsonCodec}. */
    public Object call(String method, Map<String, ?> params) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("id", nextId++);
        request.put("method", method);
        request.put("params", params);
        try {
            byte[] body = codec.write(request);
            ByteBuffer buffer = ByteBuffer.allocate(body.length + 1).put(body).put((byte) '\n').flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            Map<?, ?> response = (Map<?, ?>) codec.read(readLine());
            if (response.get("error") instanceof Map<?, ?> error) {
                throw new PlanetLabException(code(error.get("code")), String.valueOf(error.get("message")));
            }
            return response.get("result");
        } catch (IOException e) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "the node manager connection failed: " + e.getMessage(), e);
        }
    }

    public String createPool(Rspec rspec, String slice) {
        return (String) call("CreatePool", Map.of("rspec", RspecWire.toWire(rspec), "slice", slice));
    }

    public List<String> getRcaps() {
        return ((List<?>) call("GetRcap", Map.of())).stream().map(String.class::cast).toList();
    }

    public Rspec getRspec(String rcap) {
        return RspecWire.fromWire(call("GetRspec", Map.of("rcap", rcap)));
    }

    public String splitPool(String rcap, Rspec part) {
        return (String) call("SplitPool", Map.of("rcap", rcap, "rspec", RspecWire.toWire(part)));
    }

    /** Binds a pool to a slice's VM; returns the VM as the node manager describes it. */
    public Map<?, ?> bind(String rcap, String slice, Rspec extras) {
        return (Map<?, ?>) call("Bind", Map.of("rcap", rcap, "slice", slice, "rspec", RspecWire.toWire(extras)));
    }

    public List<?> listVms() {
        return (List<?>) call("ListVMs", Map.of());
    }

    public void destroyVm(String name) {
        call("DestroyVM", Map.of("name", name));
    }

    public Map<?, ?> usage(String name) {
        return (Map<?, ?>) call("GetUsage", name == null ? Map.of() : Map.of("name", name));
    }

    private byte[] readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            while (input.hasRemaining()) {
                byte next = input.get();
                if (next == '\n') {
                    return line.toByteArray();
                }
                line.write(next);
            }
            input.clear();
            int read = channel.read(input);
            input.flip();
            if (read < 0) {
                throw new IOException("the node manager closed the connection");
            }
        }
    }

    private static ErrorCode code(Object name) {
        try {
            return ErrorCode.valueOf(String.valueOf(name));
        } catch (IllegalArgumentException e) {
            return ErrorCode.INTERNAL_ERROR;
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
