package org.planetlab.plc.sliver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.sliver.GetSliversAnswer;
import org.planetlab.api.sliver.GetSliversWire;
import org.planetlab.api.sliver.NodeAccount;
import org.planetlab.api.sliver.NodeView;
import org.planetlab.api.wire.JsonCodec;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestKeys;
import org.planetlab.plc.testing.TestingClock;
import org.planetlab.plc.testing.TestingPlc;

/**
 * The view PLC builds is the view a node reads: built as a typed {@link NodeView}, written with
 * the one wire mapping, carried over XML-RPC and over JSON, and read back with that mapping,
 * every field is equal.
 */
class GetSliversContractTest {
    @Test
    void theViewPlcBuildsIsTheViewTheNodeReadsOverBothEncodings() {
        TestingClock clock = new TestingClock(Instant.parse("2026-11-21T00:00:00Z"));
        try (TestingPlc testing = TestingPlc.start(StoreKind.SQLITE, clock)) {
            PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
            Registry registry = new Registry(operator);
            long site = registry.site("wire");
            long node = registry.node(site, "n1.wire.org", "10.5.0.1");
            registry.person("pi@wire.org", "pi", site);
            operator.call("AddPersonKey", registry.personId("pi@wire.org"),
                    Map.of("key_type", "ssh", "key", TestKeys.ed25519("pi")));
            registry.person("user@wire.org", "user", site);
            operator.call("AddPersonKey", registry.personId("user@wire.org"),
                    Map.of("key_type", "ssh", "key", TestKeys.ed25519("user")));
            long tier = (Long) operator.call("AddTagType", Map.of("tagname", "tier", "category", "node/test"));
            operator.call("AddNodeTag", node, tier, "gold");
            operator.call("AddNodeGroup", "gold_nodes", tier, "gold");
            for (String slice : List.of("wire_a", "wire_b")) {
                operator.call("AddSlice", Map.of("name", slice));
                operator.call("AddPersonToSlice", "user@wire.org", slice);
                operator.call("AddSliceToNodes", slice, List.of(node));
            }
            operator.call("AddSliceTag", "wire_a", "cpu_share", "2");
            operator.call("AddSliceTag", "wire_a", "cpu_share", "4", null, "gold_nodes");
            operator.call("AddSliceTag", "wire_b", "bootscript", "echo hello", node);
            operator.call("StopSlice", "wire_b");

            SliverViewBuilder.View built = testing.plc().database().read(handle -> SliverViewBuilder.build(handle, node,
                    clock.instant().getEpochSecond(), sliceId -> null, new JsonCodec()));
            NodeView view = built.view();
            assertThat(view.slivers()).hasSize(2);
            assertThat(view.slivers().getFirst().rspec()).containsEntry("cpu_share", "4");
            assertThat(view.slivers().get(1).started()).isFalse();
            assertThat(view.accountKeys(NodeAccount.SITE_ADMIN)).hasSize(1);
            assertThat(view.groups()).containsExactly("gold_nodes");
            assertThat(view.interfaces()).isNotEmpty();

            for (PlcClient.Encoding encoding : PlcClient.Encoding.values()) {
                PlcClient nodeClient = testing.operator(encoding).as(testing.nodeSession(node));
                GetSliversAnswer answer = GetSliversWire.fromWire(nodeClient.call("GetSlivers"));
                assertThat(answer).isInstanceOfSatisfying(GetSliversAnswer.Full.class, full -> {
                    assertThat(full.version()).isEqualTo(built.version());
                    assertThat(full.view()).as(encoding.name()).isEqualTo(view);
                });
                assertThat(GetSliversWire.fromWire(nodeClient.call("GetSlivers", null, built.version())))
                        .isEqualTo(new GetSliversAnswer.Unchanged(built.version()));
            }
        }
    }
}
