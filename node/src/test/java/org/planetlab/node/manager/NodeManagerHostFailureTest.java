package org.planetlab.node.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.api.rspec.RspecWire;
import org.planetlab.api.wire.JsonCodec;
import org.planetlab.node.owner.OwnerControls;
import org.planetlab.node.sliver.SliverRuntime;
import org.planetlab.node.state.NodeStateStore;
import org.planetlab.node.state.VmRecord;

/**
 * A host operation that fails under a request reaches the caller as HOST_OPERATION_FAILED with
 * a message naming the request, what was being done and why, never as a bare exception class.
 */
class NodeManagerHostFailureTest {
    private static final Rspec POOL = new Rspec(Map.of(RspecAttribute.CPU_SHARE, "8"), List.of(), "plc", "");

    @TempDir
    Path directory;
    private final List<NodeManager> managers = new ArrayList<>();
    private final JsonCodec codec = new JsonCodec();

    @AfterEach
    void closeManagers() {
        managers.forEach(NodeManager::close);
    }

    @Test
    void aStateLogThatCannotBeWrittenIsNamedWithTheRequestAndTheCause() {
        NodeStateStore store = new NodeStateStore(directory.resolve("table"));
        NodeManagerProtocol protocol = protocol(store, new RecordingRuntime());
        // The log's files are gone from under the node manager: every append fails.
        store.close();

        Map<?, ?> error = error(protocol.handle(Caller.HOST_ROOT, request("SetNodeRate", Map.of("kbps", 1000))));

        assertThat(error.get("code")).isEqualTo("HOST_OPERATION_FAILED");
        assertThat((String) error.get("message")).isEqualTo("SetNodeRate: cannot append to the record log in "
                + directory.resolve("table/log") + ": it is closed");
    }

    @Test
    void aSliverRuntimeIoFailureIsNamedWithTheRequestAndTheCause() {
        RecordingRuntime recording = new RecordingRuntime();
        NodeManagerProtocol protocol = protocol(new FailingStart(recording,
                new UncheckedIOException("cannot write the files of sliver univ_test",
                        new AccessDeniedException("/vservers/univ_test/etc/passwd"))));
        Map<?, ?> pool = (Map<?, ?>) codec.read(protocol.handle(Caller.HOST_ROOT,
                request("CreatePool", Map.of("slice", "plc.scs", "rspec", RspecWire.toWire(POOL)))));
        String rcap = (String) pool.get("result");

        Map<?, ?> error = error(protocol.handle(Caller.HOST_ROOT, request("Bind", Map.of("rcap", rcap, "slice", "univ_test"))));

        assertThat(error.get("code")).isEqualTo("HOST_OPERATION_FAILED");
        assertThat(error.get("message")).isEqualTo("Bind: cannot write the files of sliver univ_test: permission denied"
                + " on /vservers/univ_test/etc/passwd");
    }

    @Test
    void anUnexpectedFailureIsAnInternalErrorNamingTheRequest() {
        NodeManagerProtocol protocol = protocol(new FailingStart(new RecordingRuntime(), new IllegalStateException("no slot left")));
        Map<?, ?> pool = (Map<?, ?>) codec.read(protocol.handle(Caller.HOST_ROOT,
                request("CreatePool", Map.of("slice", "plc.scs", "rspec", RspecWire.toWire(POOL)))));

        Map<?, ?> error = error(protocol.handle(Caller.HOST_ROOT,
                request("Bind", Map.of("rcap", pool.get("result"), "slice", "univ_test"))));

        assertThat(error.get("code")).isEqualTo("INTERNAL_ERROR");
        assertThat((String) error.get("message")).startsWith("Bind: ").contains("no slot left", "the node's log");
    }

    private NodeManagerProtocol protocol(SliverRuntime runtime) {
        return protocol(new NodeStateStore(directory.resolve("table")), runtime);
    }

    private NodeManagerProtocol protocol(NodeStateStore store, SliverRuntime runtime) {
        NodeManager manager = new NodeManager(store, runtime,
                new Rcaps(new SecureRandom()), Clock.systemUTC(), Runnable::run, 10, 180);
        OwnerControls owner = new OwnerControls() {
            @Override
            public void setNodeRate(long kilobitsPerSecond) {}

            @Override
            public List<String> captureTraffic(String sliver, int packets, Duration within) {
                return List.of();
            }
        };
        managers.add(manager);
        return new NodeManagerProtocol(manager, owner);
    }

    private byte[] request(String method, Map<String, ?> params) {
        return codec.write(Map.of("id", 1L, "method", method, "params", params));
    }

    private Map<?, ?> error(byte[] answer) {
        Map<?, ?> response = (Map<?, ?>) codec.read(answer);
        assertThat(response.get("error")).as(new String(answer, StandardCharsets.UTF_8)).isInstanceOf(Map.class);
        return (Map<?, ?>) response.get("error");
    }

    /** A runtime whose every start fails the given way. */
    private static final class FailingStart extends ForwardingRuntime {
        private final RuntimeException failure;

        FailingStart(SliverRuntime delegate, RuntimeException failure) {
            super(delegate);
            this.failure = failure;
        }

        @Override
        public void start(VmRecord vm) {
            throw failure;
        }
    }
}
