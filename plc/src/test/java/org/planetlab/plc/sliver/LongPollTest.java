package org.planetlab.plc.sliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.planetlab.plc.testing.Registry.struct;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.PlcClient;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/** A node waiting on its version hears about a change to its view as soon as it is committed. */
class LongPollTest {
    @Test
    void changesReachWaitingNodesAtOnce() throws Exception {
        try (TestingPlc testing = TestingPlc.start(StoreKind.SQLITE)) {
            PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
            Registry registry = new Registry(operator);
            long site = registry.site("poll");
            long node = registry.node(site, "n1.poll.org", "10.4.0.1");
            long otherNode = registry.node(site, "n2.poll.org", "10.4.0.2");
            operator.call("AddSlice", Map.of("name", "poll_s"));
            PlcClient nodeClient = operator.as(testing.nodeSession(node));
            String version = (String) struct(nodeClient.call("GetSlivers")).get("version");

            // Nothing changes: the call waits the whole time, then says unchanged.
            long started = System.nanoTime();
            assertThat(struct(nodeClient.call("GetSlivers", null, version, 1L))).containsEntry("unchanged", true);
            assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(900);

            // A change elsewhere does not wake it; a change to its view does, at once.
            CompletableFuture<Map<String, Object>> waiting = CompletableFuture.supplyAsync(
                    () -> struct(nodeClient.call("GetSlivers", null, version, 60L)));
            operator.call("AddSliceToNodes", "poll_s", List.of(otherNode));
            assertThatThrownBy(() -> waiting.get(500, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            long changed = System.nanoTime();
            operator.call("AddSliceToNodes", "poll_s", List.of(node));
            Map<String, Object> view = waiting.get(10, TimeUnit.SECONDS);
            long latencyMillis = (System.nanoTime() - changed) / 1_000_000;
            assertThat(view.get("version")).isNotEqualTo(version);
            assertThat(view.get("slivers")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(1);
            System.out.println("change reached the waiting node after " + latencyMillis + " ms");
            assertThat(latencyMillis).isLessThan(2_000);
        }
    }
}
