package org.planetlab.plc.sliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.planetlab.plc.testing.Registry.rows;
import static org.planetlab.plc.testing.Registry.struct;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.PlcClient;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestKeys;
import org.planetlab.plc.testing.TestingClock;
import org.planetlab.plc.testing.TestingPlc;

/**
 * A node's view is recomputed exactly when something it shows changes: its version stays put
 * through changes elsewhere and moves with changes to its slices, their users, keys and
 * attributes, its site's staff, and time (expiry).
 */
class SliverViewsTest {
    @Test
    void versionsFollowWhatTheNodeShows() {
        TestingClock clock = new TestingClock(Instant.parse("2026-11-21T00:00:00Z"));
        try (TestingPlc testing = TestingPlc.start(StoreKind.SQLITE, clock)) {
            PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
            Registry registry = new Registry(operator);
            long site = registry.site("views");
            long otherSite = registry.site("elsewhere");
            long node = registry.node(site, "n1.views.org", "10.2.0.1");
            long otherNode = registry.node(otherSite, "n1.elsewhere.org", "10.3.0.1");
            registry.person("user@views.org", "user", site);
            operator.call("AddSlice", Map.of("name", "views_s", "url", "https://v.org/", "description", "d"));
            operator.call("AddPersonToSlice", "user@views.org", "views_s");
            operator.call("AddSliceToNodes", "views_s", List.of(node));
            operator.call("AddSlice", Map.of("name", "elsewhere_s"));
            operator.call("AddSliceToNodes", "elsewhere_s", List.of(otherNode));
            PlcClient nodeClient = operator.as(testing.nodeSession(node));
            SliverViews views = testing.plc().sliverViews();

            String version = version(nodeClient);
            // Changes the node does not show leave its view cached and its version unchanged.
            operator.call("AddSliceTag", "elsewhere_s", "cpu_share", "3");
            operator.call("UpdateNode", otherNode, Map.of("model", "other"));
            registry.person("someone@elsewhere.org", "pi", otherSite);
            assertThat(views.cachedViews()).isGreaterThanOrEqualTo(1);
            assertThat(unchanged(nodeClient, version)).isTrue();

            // Each change the node shows gives a new version.
            version = expectChange(nodeClient, version, () -> operator.call("AddSliceTag", "views_s", "cpu_share", "2"));
            long userId = registry.personId("user@views.org");
            version = expectChange(nodeClient, version, () -> operator.call("AddPersonKey", userId,
                    Map.of("key_type", "ssh", "key", TestKeys.ed25519("u"))));
            version = expectChange(nodeClient, version, () -> operator.call("UpdatePerson", userId,
                    Map.of("enabled", false)));
            registry.person("tech@views.org", "user", site);
            long techId = registry.personId("tech@views.org");
            operator.call("AddPersonKey", techId, Map.of("key_type", "ssh", "key", TestKeys.ed25519("tech")));
            assertThat(unchanged(nodeClient, version)).isTrue();
            version = expectChange(nodeClient, version, () -> operator.call("AddRoleToPerson", "tech", techId));
            version = expectChange(nodeClient, version, () -> operator.call("StopSlice", "views_s"));
            long operatorId = registry.personId(TestingPlc.OPERATOR_EMAIL);
            version = expectChange(nodeClient, version, () -> operator.call("AddPersonKey", operatorId,
                    Map.of("key_type", "ssh", "key", TestKeys.ed25519("operator"))));
            version = expectChange(nodeClient, version, () -> operator.call("AddInterface", node,
                    Map.of("method", "dhcp", "type", "ipv4")));
            version = expectChange(nodeClient, version, () -> operator.call("AddSliceTag", "elsewhere_s", "system", "1"));
            assertThat(rows(struct(nodeClient.call("GetSlivers")).get("slivers"))).hasSize(2);

            // Expiry changes the view without any call.
            clock.advance(Duration.ofDays(15));
            PlcClient later = operator.as(testing.nodeSession(node));
            Map<String, Object> expired = struct(later.call("GetSlivers", null, version));
            assertThat(expired.get("version")).isNotEqualTo(version);
            assertThat(rows(expired.get("slivers"))).isEmpty();
        }
    }

    private static String expectChange(PlcClient node, String version, Runnable change) {
        change.run();
        Map<String, Object> view = struct(node.call("GetSlivers", null, version));
        assertThat(view.get("version")).isNotEqualTo(version);
        assertThat(view).containsKey("slivers");
        return (String) view.get("version");
    }

    private static boolean unchanged(PlcClient node, String version) {
        return Boolean.TRUE.equals(struct(node.call("GetSlivers", null, version)).get("unchanged"));
    }

    private static String version(PlcClient node) {
        return (String) struct(node.call("GetSlivers")).get("version");
    }
}
