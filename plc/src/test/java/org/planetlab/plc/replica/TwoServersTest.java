package org.planetlab.plc.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.planetlab.plc.testing.Registry.struct;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.testing.PlcCluster;
import org.planetlab.plc.testing.Registry;
import org.planetlab.trust.node.PlnodeConfig;
import org.planetlab.trust.node.PlnodeFile;

/**
 * Two PLC processes on one PostgreSQL store serve one registry: a change made through either
 * reaches nodes long-polling the other at once, both give a node the same view, a session
 * opened on one works on the other, and a slice expires once.
 */
class TwoServersTest {
    @Test
    void twoServersOnOneStoreActAsOne() throws Exception {
        try (PlcCluster cluster = PlcCluster.start(2)) {
            // One operator session for both servers, so no call pays for password hashing.
            Credentials.Session operatorSession = new Credentials.Session((String) cluster.operator(0).call("GetSession"));
            PlcClient first = cluster.client(0, operatorSession);
            PlcClient second = cluster.client(1, operatorSession);
            Registry registry = new Registry(first);
            long site = registry.site("pair");
            PlcClient tech = first.as(registry.person("tech@pair.org", "tech", site));
            long node = registry.node(site, "n1.pair.org", "127.0.0.1");
            first.call("AddSlice", Map.of("name", "pair_s"));
            PlnodeConfig plnode = PlnodeFile.parse((String) tech.call("GetNodeConfigFile", node));
            PlcClient nodeOnFirst = cluster.node(0, plnode);
            PlcClient nodeOnSecond = cluster.node(1, plnode);
            String version = (String) struct(nodeOnSecond.call("GetSlivers")).get("version");
            assertThat(struct(nodeOnFirst.call("GetSlivers")).get("version")).isEqualTo(version);

            // The node waits on the second server; a change elsewhere made through the first does not wake it.
            CompletableFuture<Map<String, Object>> waiting = CompletableFuture.supplyAsync(
                    () -> struct(nodeOnSecond.call("GetSlivers", null, version, 60L)));
            registry.site("elsewhere");
            assertThatThrownBy(() -> waiting.get(500, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

            // A change to its view made through the first server wakes it within a second.
            long changed = System.nanoTime();
            first.call("AddSliceToNodes", "pair_s", List.of(node));
            Map<String, Object> woken = waiting.get(10, TimeUnit.SECONDS);
            long latencyMillis = (System.nanoTime() - changed) / 1_000_000;
            System.out.println("a change through one server woke a node waiting on the other after " + latencyMillis + " ms");
            assertThat(latencyMillis).isLessThan(1_000);
            assertThat(woken.get("version")).isNotEqualTo(version);
            assertThat(woken.get("slivers")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(1);

            // Both servers give the node the same view.
            Map<String, Object> onFirst = struct(nodeOnFirst.call("GetSlivers"));
            Map<String, Object> onSecond = struct(nodeOnSecond.call("GetSlivers"));
            assertThat(onFirst.get("version")).isEqualTo(onSecond.get("version")).isEqualTo(woken.get("version"));
            assertThat(onFirst.get("slivers")).isEqualTo(onSecond.get("slivers"));

            // The other way round: a change through the second server wakes a node waiting on the first.
            String current = (String) onFirst.get("version");
            CompletableFuture<Map<String, Object>> waitingOnFirst = CompletableFuture.supplyAsync(
                    () -> struct(nodeOnFirst.call("GetSlivers", null, current, 60L)));
            assertThatThrownBy(() -> waitingOnFirst.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            changed = System.nanoTime();
            second.call("DeleteSliceFromNodes", "pair_s", List.of(node));
            Map<String, Object> emptied = waitingOnFirst.get(10, TimeUnit.SECONDS);
            assertThat((System.nanoTime() - changed) / 1_000_000).isLessThan(1_000);
            assertThat(emptied.get("slivers")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).isEmpty();
            assertThat(struct(nodeOnSecond.call("GetSlivers")).get("version")).isEqualTo(emptied.get("version"));

            // A session opened on one server works on the other, and ends on both when closed on either.
            Credentials.Session session = new Credentials.Session((String) cluster.operator(0).call("GetSession"));
            assertThat(cluster.client(1, session).call("AuthCheck")).isEqualTo(1L);
            cluster.client(1, session).call("DeleteSession");
            assertThatThrownBy(() -> cluster.client(0, session).call("AuthCheck"))
                    .isInstanceOfSatisfying(PlanetLabException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED));

            // A slice that expires is expired by one of the servers, once.
            first.call("AddSlice", Map.of("name", "pair_brief"));
            try (Connection store = DriverManager.getConnection(cluster.store(), "postgres", "postgres")) {
                update(store, "UPDATE slices SET expires = ? WHERE name = 'pair_brief'", now() + 1);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (count(store, "SELECT count(*) FROM slices WHERE name = 'pair_brief' AND is_deleted = FALSE") > 0) {
                    assertThat(System.nanoTime()).as("the slice expired within 30 s").isLessThan(deadline);
                    TimeUnit.MILLISECONDS.sleep(100);
                }
                // Both servers run housekeeping every second; over the next three, no second expiry appears.
                long watchedUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while (System.nanoTime() < watchedUntil) {
                    assertThat(count(store, "SELECT count(*) FROM events WHERE call_name = 'ExpireSlices'")).isEqualTo(1);
                    TimeUnit.MILLISECONDS.sleep(100);
                }
            }
        }
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static void update(Connection store, String sql, long value) throws SQLException {
        try (PreparedStatement statement = store.prepareStatement(sql)) {
            statement.setLong(1, value);
            statement.executeUpdate();
        }
    }

    private static long count(Connection store, String sql) throws SQLException {
        try (PreparedStatement statement = store.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
