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
import org.planetlab.api.wire.JsonCodec;
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
            long[] systemTag = new long[1];
            version = expectChange(nodeClient, version, () -> systemTag[0] = (Long) operator.call("AddSliceTag", "elsewhere_s", "system", "1"));
            assertThat(rows(struct(nodeClient.call("GetSlivers")).get("slivers"))).hasSize(2);
            // No longer a system slice: it leaves the views of the nodes it was not added to.
            version = expectChange(nodeClient, version, () -> operator.call("DeleteSliceTag", systemTag[0]));
            assertThat(rows(struct(nodeClient.call("GetSlivers")).get("slivers"))).hasSize(1);
            version = expectChange(nodeClient, version, () -> operator.call("AddSliceTag", "elsewhere_s", "system", "1"));

            // Expiry changes the view without any call.
            clock.advance(Duration.ofDays(15));
            PlcClient later = operator.as(testing.nodeSession(node));
            Map<String, Object> expired = struct(later.call("GetSlivers", null, version));
            assertThat(expired.get("version")).isNotEqualTo(version);
            assertThat(rows(expired.get("slivers"))).isEmpty();
        }
    }

    /**
     * Nodes sharing a slice share its cached part, yet each sees its own group and node values;
     * after each change every view served equals one computed from scratch.
     */
    @Test
    void viewsBuiltFromCachedSlicePartsEqualViewsBuiltFromScratch() {
        TestingClock clock = new TestingClock(Instant.parse("2026-11-21T00:00:00Z"));
        try (TestingPlc testing = TestingPlc.start(StoreKind.SQLITE, clock)) {
            PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
            Registry registry = new Registry(operator);
            long site = registry.site("parts");
            long gold = registry.node(site, "n1.parts.org", "10.4.0.1");
            long plain = registry.node(site, "n2.parts.org", "10.4.0.2");
            registry.person("user@parts.org", "user", site);
            long userId = registry.personId("user@parts.org");
            operator.call("AddPersonKey", userId, Map.of("key_type", "ssh", "key", TestKeys.ed25519("parts")));
            long tier = (Long) operator.call("AddTagType", Map.of("tagname", "tier", "category", "node/test"));
            operator.call("AddNodeTag", gold, tier, "gold");
            operator.call("AddNodeGroup", "gold_nodes", tier, "gold");
            for (String slice : List.of("parts_a", "parts_b")) {
                operator.call("AddSlice", Map.of("name", slice));
                operator.call("AddPersonToSlice", "user@parts.org", slice);
                operator.call("AddSliceToNodes", slice, List.of(gold, plain));
                operator.call("AddSliceTag", slice, "cpu_share", "2");
            }
            operator.call("AddSliceTag", "parts_a", "cpu_share", "3", null, "gold_nodes");
            PlcClient goldClient = operator.as(testing.nodeSession(gold));
            PlcClient plainClient = operator.as(testing.nodeSession(plain));

            assertThat(cpuShares(sameAsFromScratch(testing, clock, goldClient, gold))).containsExactly("3", "2");
            assertThat(cpuShares(sameAsFromScratch(testing, clock, plainClient, plain))).containsExactly("2", "2");

            operator.call("AddSliceTag", "parts_b", "cpu_share", "5", plain);
            assertThat(cpuShares(sameAsFromScratch(testing, clock, goldClient, gold))).containsExactly("3", "2");
            assertThat(cpuShares(sameAsFromScratch(testing, clock, plainClient, plain))).containsExactly("2", "5");

            operator.call("AddPersonKey", userId, Map.of("key_type", "ssh", "key", TestKeys.ed25519("second")));
            operator.call("UpdateNode", gold, Map.of("model", "changed"));
            for (Map<String, Object> view : List.of(sameAsFromScratch(testing, clock, goldClient, gold),
                    sameAsFromScratch(testing, clock, plainClient, plain))) {
                assertThat(rows(view.get("slivers"))).allSatisfy(sliver -> assertThat(rows(sliver.get("keys"))).hasSize(2));
            }

            operator.call("DeleteSliceFromNodes", "parts_a", List.of(plain));
            assertThat(rows(sameAsFromScratch(testing, clock, plainClient, plain).get("slivers"))).hasSize(1);
            assertThat(cpuShares(sameAsFromScratch(testing, clock, goldClient, gold))).containsExactly("3", "2");
        }
    }

    /** The node's view as served, after checking it against a view built with nothing cached. */
    private static Map<String, Object> sameAsFromScratch(TestingPlc testing, TestingClock clock, PlcClient node,
            long nodeId) {
        Map<String, Object> served = new java.util.LinkedHashMap<>(struct(node.call("GetSlivers")));
        SliverViewBuilder.View scratch = testing.plc().database().read(handle -> SliverViewBuilder.build(handle, nodeId,
                clock.instant().getEpochSecond(), sliceId -> null, new JsonCodec()));
        assertThat(served.remove("version")).isEqualTo(scratch.version());
        served.remove("timestamp");
        JsonCodec json = new JsonCodec();
        assertThat(served).isEqualTo(json.read(json.write(scratch.wire())));
        return served;
    }

    private static List<Object> cpuShares(Map<String, Object> view) {
        return rows(view.get("slivers")).stream().map(sliver -> struct(sliver.get("rspec")).get("cpu_share")).toList();
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
