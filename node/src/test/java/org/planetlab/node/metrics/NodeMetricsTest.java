package org.planetlab.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.api.audit.FlowWire;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.node.audit.FlowStore;
import org.planetlab.node.audit.upload.FlowSink;
import org.planetlab.node.audit.upload.FlowUploader;
import org.planetlab.node.config.NodeAgentConfigLoader;
import org.planetlab.node.sliver.SliverRuntime;
import org.planetlab.node.sliver.SliverUsage;
import org.planetlab.node.state.VmPhase;
import org.planetlab.node.state.VmRecord;

/**
 * The agent's /metrics, on its own listener: each sliver action moves its counter by outcome
 * (a start's latency lands in the create histogram), slivers are counted by phase, and flow
 * uploads count what PLC took, what failed and what waits.
 */
class NodeMetricsTest {
    @Test
    void sliverActionsMoveTheirCountersAndSliversAreCountedByPhase() throws Exception {
        List<VmRecord> table = new CopyOnWriteArrayList<>();
        try (NodeMetrics metrics = new NodeMetrics()) {
            SliverRuntime runtime = metrics.metered(new RefusingRuntime("ulab_broken"));
            metrics.watch(() -> List.copyOf(table));
            metrics.start(Optional.of(new InetSocketAddress("127.0.0.1", 0)));
            InetSocketAddress address = metrics.address().orElseThrow();
            assertThat(count(scrape(address), "start", "ok")).isZero();

            VmRecord good = vm("ulab_good", VmPhase.RUNNING);
            runtime.start(good);
            runtime.start(good);
            table.add(good);
            table.add(vm("ulab_idle", VmPhase.STOPPED));
            assertThatThrownBy(() -> runtime.start(vm("ulab_broken", VmPhase.CREATING)))
                    .isInstanceOf(IllegalStateException.class);
            runtime.destroy(good);

            String page = scrape(address);
            assertThat(count(page, "start", "ok")).isEqualTo(2);
            assertThat(count(page, "start", "failed")).isEqualTo(1);
            assertThat(count(page, "destroy", "ok")).isEqualTo(1);
            assertThat(page).contains("node_slivers{phase=\"running\"} 1.0", "node_slivers{phase=\"stopped\"} 1.0",
                    "node_sliver_actions_seconds_bucket{action=\"start\",outcome=\"ok\",le=\"0.008\"}");
        }
    }

    @Test
    void flowUploadsMoveTheirCountersAndTheBacklogShows(@TempDir Path directory) throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-12-07T05:00:00Z"), ZoneOffset.UTC);
        AtomicBoolean plcUp = new AtomicBoolean(false);
        FlowSink plc = wire -> {
            if (!plcUp.get()) {
                throw new PlanetLabException(ErrorCode.UNAVAILABLE, "cannot reach PLC");
            }
            return Map.of("sequence", FlowWire.batchFromWire(wire).sequence());
        };
        try (NodeMetrics metrics = new NodeMetrics();
                FlowStore store = new FlowStore(directory.resolve("flows"), clock, Duration.ofDays(1), 1L << 30)) {
            long start = clock.millis();
            store.append(List.of(flow(1, start), flow(2, start), flow(3, start)));
            FlowUploader uploader = new FlowUploader(store, plc, 3, directory, 2, clock);
            metrics.watch(uploader);
            metrics.start(Optional.of(new InetSocketAddress("127.0.0.1", 0)));
            InetSocketAddress address = metrics.address().orElseThrow();

            uploader.uploadAll();
            String down = scrape(address);
            assertThat(value(down, "node_audit_upload_failures_total")).isEqualTo(1);
            assertThat(value(down, "node_audit_upload_pending_records")).as("the backlog's head").isEqualTo(2);
            assertThat(value(down, "node_audit_upload_caught_up_seconds")).isZero();

            plcUp.set(true);
            uploader.uploadAll();
            String up = scrape(address);
            assertThat(value(up, "node_audit_upload_records_total")).isEqualTo(3);
            assertThat(value(up, "node_audit_upload_batches_total")).isEqualTo(2);
            assertThat(value(up, "node_audit_upload_pending_records")).isZero();
            assertThat(value(up, "node_audit_upload_caught_up_seconds")).isEqualTo(clock.instant().getEpochSecond());
        }
    }

    @Test
    void theListenAddressIsReadFromTheAgentsConfigAndAWrongOneIsNamed() {
        assertThat(NodeAgentConfigLoader.fromMap(Map.of("metrics-listen", "127.0.0.1:9106")).services().metricsListen())
                .contains(new InetSocketAddress("127.0.0.1", 9106));
        assertThat(NodeAgentConfigLoader.fromMap(Map.of()).services().metricsListen()).isEmpty();
        assertThatThrownBy(() -> NodeAgentConfigLoader.fromMap(Map.of("metrics-listen", "everywhere")))
                .isInstanceOf(PlanetLabException.class).hasMessageContaining("metrics-listen");
    }

    private static VmRecord vm(String name, VmPhase phase) {
        return new VmRecord(name, 1, VmRecord.LINUX_CONTAINER, Rspec.EMPTY, "ab".repeat(16), phase, "plc.scs",
                Instant.EPOCH);
    }

    private static String scrape(InetSocketAddress address) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + address.getPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static long value(String page, String metric) {
        Matcher matcher = Pattern.compile("^" + metric + "(?:\\{[^}]*})? ([0-9.E]+)$", Pattern.MULTILINE).matcher(page);
        assertThat(matcher.find()).as(metric + " in " + page).isTrue();
        return (long) Double.parseDouble(matcher.group(1));
    }

    private static FlowRecord flow(int port, long start) {
        return new FlowRecord(3, 11, "princeton_codeen", FlowRecord.Direction.OUTBOUND, 17, start, start + 10, "10.200.0.3",
                40000, "203.0.113.5", 61000, "192.0.2.1", port, 1, 40, 0, 0, 0, false);
    }

    private static long count(String page, String action, String outcome) {
        Matcher matcher = Pattern.compile("^node_sliver_actions_seconds_count\\{action=\"" + action + "\",outcome=\""
                + outcome + "\"} ([0-9.]+)$", Pattern.MULTILINE).matcher(page);
        return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : 0;
    }

    /** A runtime that does nothing, and cannot start one sliver. */
    private record RefusingRuntime(String broken) implements SliverRuntime {
        @Override
        public void start(VmRecord vm) {
            if (vm.name().equals(broken)) {
                throw new IllegalStateException("cannot start " + vm.name());
            }
        }

        @Override
        public void stop(VmRecord vm) {}

        @Override
        public void destroy(VmRecord vm) {}

        @Override
        public void update(VmRecord vm) {}

        @Override
        public boolean running(VmRecord vm) {
            return false;
        }

        @Override
        public SliverUsage usage(VmRecord vm) {
            return new SliverUsage(0, 0, 0, 0, 0, 0, 0, 0);
        }

        @Override
        public Collection<String> removeOrphans(Collection<VmRecord> desired) {
            return List.of();
        }
    }
}
