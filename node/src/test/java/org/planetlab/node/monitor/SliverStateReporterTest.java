package org.planetlab.node.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.node.boot.PlcConnection;
import org.planetlab.node.manager.NodeEvent;
import org.planetlab.node.state.VmPhase;
import org.planetlab.node.state.VmRecord;
import org.planetlab.plc.auth.SignedNodeRequests;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingClock;
import org.planetlab.plc.testing.TestingPlc;
import org.planetlab.trust.node.PlnodeConfig;
import org.planetlab.trust.node.PlnodeFile;

/**
 * A sliver's life on the node as its slice's user sees it at PLC through the node's signed
 * reports: building while its package layer is made, failed with apt's words, building while its
 * kernel objects are made (never running before it is), running, stopped by the site, held by
 * safeboot, failed when the agent could not bring it back at its start or when it did not start
 * as it was to run again; a report goes out when something changed and not otherwise; a refusal its creator
 * stopped repeating is forgotten.
 */
class SliverStateReporterTest {
    @Test
    void eachChangeOfASliversStateReachesPlcOnceAndOnlyMadeSliversRun() {
        TestingClock clock = new TestingClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try (TestingPlc testing = TestingPlc.start(StoreKind.SQLITE, clock, new SignedNodeRequests(clock, true))) {
            PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
            Registry registry = new Registry(operator);
            long siteId = registry.site("serving");
            PlcClient tech = operator.as(registry.person("tech@serving.org", "tech", siteId));
            long nodeId = registry.node(siteId, "n1.serving.org", "127.0.0.1");
            operator.call("AddSlice", Map.of("name", "serving_web", "url", "https://serving.org/", "description", "web"));
            operator.call("AddSliceToNodes", "serving_web", List.of(nodeId));
            PlnodeConfig plnode = PlnodeFile.parse((String) tech.call("GetNodeConfigFile", nodeId));

            SliverStateBook book = new SliverStateBook(clock, Duration.ofMinutes(5));
            List<VmRecord> recorded = new ArrayList<>();
            Set<String> creating = new HashSet<>();
            List<Optional<String>> hold = new ArrayList<>(List.of(Optional.empty()));
            SliverStateReporter reporter = new SliverStateReporter(PlcConnection.signedByNode(testing.uri(), null, plnode, clock,
                    new SecureRandom()), () -> book.states(recorded, creating, hold.getFirst()), clock);
            Instant started = clock.instant();

            book.accept(new NodeEvent.SliverRefused("serving_web", "building: the image with packages python3 over debian"
                    + " is being built on this node", true));
            assertThat(reporter.reportIfDue()).isTrue();
            assertThat(seen(operator)).isEqualTo(tuple("building", "building: the image with packages python3 over debian"
                    + " is being built on this node", started.getEpochSecond()));
            // The creator asks again and is refused the same way: nothing new to say.
            clock.advance(Duration.ofSeconds(2));
            book.accept(new NodeEvent.SliverRefused("serving_web", "building: the image with packages python3 over debian"
                    + " is being built on this node", true));
            assertThat(reporter.reportIfDue()).isFalse();

            String aptSays = "the image with packages pl-missing over debian could not be built: installing pl-missing failed"
                    + " (apt exited with 100): E: Unable to locate package pl-missing\u0007";
            book.accept(new NodeEvent.SliverRefused("serving_web", aptSays, false));
            assertThat(reporter.reportIfDue()).isTrue();
            assertThat(seen(operator)).isEqualTo(tuple("failed", aptSays.replace('\u0007', '?'),
                    clock.instant().getEpochSecond()));

            // Recorded but still being made: building, not running.
            clock.advance(Duration.ofSeconds(3));
            VmRecord vm = new VmRecord("serving_web", 7, VmRecord.LINUX_CONTAINER, new Rspec(Map.of(), List.of(), "", ""), "rcap",
                    VmPhase.RUNNING, "plc", clock.instant(), 42);
            recorded.add(vm);
            creating.add("serving_web");
            assertThat(reporter.reportIfDue()).isTrue();
            assertThat(seen(operator).toList().getFirst()).isEqualTo("building");

            creating.clear();
            book.accept(new NodeEvent.SliverCreated(vm));
            clock.advance(Duration.ofSeconds(1));
            assertThat(reporter.reportIfDue()).isTrue();
            assertThat(seen(operator)).isEqualTo(tuple("running", "", clock.instant().getEpochSecond()));
            assertThat(reporter.reportIfDue()).isFalse();

            hold.set(0, Optional.of("safeboot"));
            assertThat(reporter.reportIfDue()).isTrue();
            assertThat(seen(operator).toList().subList(0, 2)).containsExactly("stopped",
                    "the node is in safeboot and holds its slivers stopped");
            hold.set(0, Optional.empty());
            recorded.set(0, vm.withPhase(VmPhase.STOPPED).withSiteStopped(true));
            assertThat(reporter.reportIfDue()).isTrue();
            assertThat(seen(operator).toList().subList(0, 2)).containsExactly("stopped", "stopped by the node's site (its owner VM)");

            // Recorded as running, but the agent could not start it again at its own start: failed until it starts.
            recorded.set(0, vm);
            book.notStarted("serving_web", "its image layer debian-0123456789abcdef is gone");
            assertThat(reporter.reportIfDue()).isTrue();
            assertThat(seen(operator).toList().subList(0, 2)).containsExactly("failed",
                    "the node agent could not bring it back when it started: its image layer debian-0123456789abcdef is gone");
            book.accept(new NodeEvent.SliverStarted(vm));
            assertThat(reporter.reportIfDue()).isTrue();
            assertThat(seen(operator).toList().getFirst()).isEqualTo("running");

            // Stopped by a lease's end, it did not start when its next lease began: failed with why,
            // whatever its recorded phase, until it starts.
            recorded.set(0, vm.withPhase(VmPhase.STOPPED));
            book.accept(new NodeEvent.SliverStopped(vm.withPhase(VmPhase.STOPPED)));
            book.accept(new NodeEvent.SliverStartFailed("serving_web", "it did not start: its cgroup cannot be made"));
            assertThat(reporter.reportIfDue()).isTrue();
            assertThat(seen(operator).toList().subList(0, 2)).containsExactly("failed", "it did not start: its cgroup cannot be made");
            recorded.set(0, vm);
            book.accept(new NodeEvent.SliverStarted(vm));
            assertThat(reporter.reportIfDue()).isTrue();
            assertThat(seen(operator).toList().getFirst()).isEqualTo("running");

            // Gone from the node, its refusals unrepeated for longer than kept: no state, and PLC says so.
            recorded.clear();
            book.accept(new NodeEvent.SliverRefused("serving_web", "vref \"fedora-8\" names no image", false));
            clock.advance(Duration.ofMinutes(6));
            assertThat(reporter.reportIfDue()).isTrue();
            assertThat(seen(operator).toList().getFirst()).isEqualTo("unknown");
            // Nothing changed, but PLC's interval has passed: the report is due again.
            clock.advance(Duration.ofMinutes(5));
            assertThat(reporter.reportIfDue()).isTrue();
        }
    }

    private static org.assertj.core.groups.Tuple seen(PlcClient operator) {
        Map<String, Object> node = Registry.rows(operator.call("GetSliverStates", "serving_web")).getFirst();
        return tuple(node.get("state"), node.get("reason"), node.get("since"));
    }
}
