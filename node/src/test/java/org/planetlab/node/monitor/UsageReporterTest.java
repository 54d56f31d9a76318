package org.planetlab.node.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.boot.PlcConnection;
import org.planetlab.node.sliver.SliverUsage;
import org.planetlab.plc.auth.SignedNodeRequests;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;
import org.planetlab.trust.node.NodeKey;
import org.planetlab.trust.node.PlnodeConfig;
import org.planetlab.trust.node.PlnodeFile;

/**
 * The node's usage reports, signed with the key of its plnode.txt, become the slice's usage at
 * PLC, equal to the increase of the node's own counters, for slivers made from tickets as for
 * those of PLC's view; a report signed with another key is refused and records nothing.
 */
class UsageReporterTest {
    @Test
    void signedReportsBecomeTheSlicesUsageAndForgedOnesLeaveNothing() {
        Clock clock = Clock.systemUTC();
        try (TestingPlc testing = TestingPlc.start(StoreKind.SQLITE, clock, new SignedNodeRequests(clock, true))) {
            PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
            Registry registry = new Registry(operator);
            long siteId = registry.site("counting");
            PlcClient tech = operator.as(registry.person("tech@counting.org", "tech", siteId));
            long nodeId = registry.node(siteId, "n1.counting.org", "127.0.0.1");
            long otherId = registry.node(siteId, "n2.counting.org", "127.0.0.1");
            operator.call("AddSlice", Map.of("name", "counting_load", "url", "https://counting.org/", "description", "load"));
            operator.call("AddSliceToNodes", "counting_load", List.of(nodeId, otherId));
            PlnodeConfig plnode = PlnodeFile.parse((String) tech.call("GetNodeConfigFile", nodeId));
            SecureRandom random = new SecureRandom();

            AtomicLong cpu = new AtomicLong(5_000_000_000L);
            AtomicLong sent = new AtomicLong(1_000_000);
            AtomicReference<List<UsageReporter.Measured>> alsoFromTickets = new AtomicReference<>(List.of());
            UsageReporter reporter = new UsageReporter(PlcConnection.signedByNode(testing.uri(), null, plnode, clock, random),
                    () -> Stream.concat(Stream.of(new UsageReporter.Measured("counting_load", new SliverUsage(cpu.get(),
                            64L << 20, 40_960, 4, sent.get(), sent.get() / 1000, 2_000, 20))), alsoFromTickets.get().stream())
                            .toList(), clock);
            assertThat(reporter.report()).isEqualTo(Duration.ofSeconds(30));
            cpu.addAndGet(3_000_000_000L);
            sent.addAndGet(9_000_000);
            assertThat(reporter.report()).isEqualTo(Duration.ofSeconds(30));

            Map<String, Object> usage = Registry.struct(operator.call("GetSliceUsage", "counting_load"));
            assertThat(Registry.struct(usage.get("total"))).containsEntry("cpu_seconds", 8.0)
                    .containsEntry("bytes_sent", 10_000_000L).containsEntry("packets_sent", 10_000L)
                    .containsEntry("memory_bytes", 64L << 20).containsEntry("processes", 4L);
            assertThat(Registry.rows(usage.get("nodes"))).extracting(row -> row.get("node_id")).containsExactly(nodeId);

            // A sliver made from a ticket: its slice was never added to the node, yet its usage is the slice's.
            operator.call("AddSlice", Map.of("name", "counting_ticket", "url", "https://counting.org/", "description", "tkt"));
            SliverUsage burning = new SliverUsage(2_000_000_000L, 8L << 20, 4_096, 2, 500_000, 400, 0, 0);
            alsoFromTickets.set(List.of(new UsageReporter.Measured("counting_ticket", burning)));
            assertThatThrownBy(reporter::report).as("without saying it came from a ticket, a stranger to PLC's view")
                    .isInstanceOfSatisfying(PlanetLabException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
            alsoFromTickets.set(List.of(new UsageReporter.Measured("counting_ticket", burning, true),
                    new UsageReporter.Measured("counting_nosuch", burning, true)));
            assertThatThrownBy(reporter::report).as("a ticket's sliver of no live slice").isInstanceOfSatisfying(
                    PlanetLabException.class, e -> assertThat(e.getMessage()).contains("counting_nosuch"));
            alsoFromTickets.set(List.of(new UsageReporter.Measured("counting_ticket", burning, true)));
            reporter.report();
            Map<String, Object> ticketUsage = Registry.struct(operator.call("GetSliceUsage", "counting_ticket"));
            assertThat(Registry.struct(ticketUsage.get("total"))).containsEntry("cpu_seconds", 2.0)
                    .containsEntry("bytes_sent", 500_000L);
            assertThat(Registry.rows(ticketUsage.get("nodes"))).extracting(row -> row.get("node_id")).containsExactly(nodeId);

            // The other node's id with a key that is not its own: refused, nothing kept.
            PlnodeConfig forged = new PlnodeConfig(plnode.ipMethod(), plnode.ipAddress(), "n2.counting.org",
                    plnode.netDevice(), NodeKey.generate(random), otherId, plnode.extra());
            UsageReporter impostor = new UsageReporter(PlcConnection.signedByNode(testing.uri(), null, forged, clock, random),
                    () -> List.of(new UsageReporter.Measured("counting_load", new SliverUsage(1L << 40, 0, 0, 0, 1L << 40, 1,
                            0, 0))), clock);
            assertThatThrownBy(impostor::report).isInstanceOfSatisfying(PlanetLabException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED));
            assertThat(Registry.rows(Registry.struct(operator.call("GetSliceUsage", "counting_load")).get("nodes")))
                    .extracting(row -> row.get("node_id")).containsExactly(nodeId);
        }
    }
}
