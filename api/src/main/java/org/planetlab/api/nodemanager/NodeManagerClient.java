package org.planetlab.api.nodemanager;

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
import org.planetlab.api.nodemanager.NodeManagerReplies.Vm;
import org.planetlab.api.nodemanager.NodeManagerRequests.Bind;
import org.planetlab.api.nodemanager.NodeManagerRequests.CreatePool;
import org.planetlab.api.nodemanager.NodeManagerRequests.Nothing;
import org.planetlab.api.nodemanager.NodeManagerRequests.Rcap;
import org.planetlab.api.nodemanager.NodeManagerRequests.SplitPool;
import org.planetlab.api.nodemanager.NodeManagerRequests.Usage;
import org.planetlab.api.nodemanager.NodeManagerRequests.VmName;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.api.wire.JsonCodec;

/**
 * Calls the node manager over its Unix socket: from inside a sliver at
 * {@code /.planetlab/node-manager.sock}, from the host at {@code <run-dir>/node-manager.sock}.
 * One connection, one call at a time, each an operation of {@link NodeManagerOperations} with its
 * typed request and reply; errors come back as {@link PlanetLabException} with the node manager's
 * code and message. Not thread-safe.
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

    /** Calls one operation of the catalog. */
    public <Q, R> R call(NodeManagerOperation<Q, R> operation, Q request) {
        return operation.reply().fromWire(call(operation.name(), operation.request().toWire(request)));
    }

    /**
     * Sends one request as it is on the wire and returns its result in the neutral value model of
     * {@link JsonCodec}: for diagnostics and for tests of the protocol itself; everything else calls
     * through {@link #call(NodeManagerOperation, Object)}.
     */
    public Object call(String method, Object params) {
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
            throw new NodeManagerConnectionLost(e);
        }
    }

    public String createPool(Rspec rspec, String slice) {
        return call(NodeManagerOperations.CREATE_POOL, new CreatePool(rspec, slice));
    }

    public List<String> getRcaps() {
        return call(NodeManagerOperations.GET_RCAP, Nothing.INSTANCE);
    }

    public Rspec getRspec(String rcap) {
        return call(NodeManagerOperations.GET_RSPEC, new Rcap(rcap));
    }

    public String splitPool(String rcap, Rspec part) {
        return call(NodeManagerOperations.SPLIT_POOL, new SplitPool(rcap, part));
    }

    /** Binds a pool to a slice's VM; returns the VM as the node manager describes it. */
    public Vm bind(String rcap, String slice, Rspec extras) {
        return call(NodeManagerOperations.BIND, new Bind(rcap, slice, extras));
    }

    public List<Vm> listVms() {
        return call(NodeManagerOperations.LIST_VMS, Nothing.INSTANCE);
    }

    public void destroyVm(String name) {
        call(NodeManagerOperations.DESTROY_VM, new VmName(name));
    }

    /** @param name a VM, or null for the caller's own */
    public NodeManagerReplies.Usage usage(String name) {
        return call(NodeManagerOperations.GET_USAGE, new Usage(java.util.Optional.ofNullable(name)));
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
