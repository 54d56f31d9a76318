package org.planetlab.plc.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.planetlab.plc.peer.PeeringTest.assertRefused;
import static org.planetlab.plc.testing.Registry.rows;
import static org.planetlab.plc.testing.Registry.struct;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestKeys;
import org.planetlab.plc.testing.TestingPlc;
import org.planetlab.trust.key.Pem;

/**
 * The rules of storing a peer's data, on each store: what RefreshPeer adds, updates and deletes
 * for data as a peer sends it (no network here: PeeringTest covers the wire), that a repeated
 * refresh writes nothing, that a peer's slice on one of our nodes is in that node's view with its
 * users' keys, and that forgetting the peer's entries takes it out again.
 */
class PeerServiceTest {
    private static final String KEY = TestKeys.ed25519("xu@xsite");

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void refreshStoresThePeersObjectsIdempotentlyAndForgetsThem(StoreKind store) {
        try (TestingPlc testing = TestingPlc.start(store)) {
            PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
            Registry registry = new Registry(operator);
            long localNode = registry.node(registry.site("home"), "node1.home.test", "10.8.0.1");
            operator.call("AddPeer", Map.of("peername", "plc-x", "shortname", "x", "peer_url", "https://plc-x.test/PLCAPI/",
                    "ca_certificate", Pem.write(testing.plc().trust().tlsCaCertificate()),
                    "public_key", testing.plc().peering().publicKeyPem()));
            Map<String, Object> data = data(localNode, "first version", List.of(key()));

            Map<String, Object> first = refresh(testing, data);
            for (String kind : List.of("Sites", "Nodes", "Persons", "Keys", "Slices")) {
                assertThat(struct(first.get(kind)).get("added")).as(kind).isEqualTo(1L);
            }
            assertThat(keysOnNode(testing, localNode, "xsite_exp")).containsExactly(KEY.strip());
            Map<String, Object> slice = rows(operator.call("GetSlices", List.of("xsite_exp"))).getFirst();
            assertThat(slice.get("peer_slice_id")).isEqualTo(31L);
            assertThat(rows(operator.call("GetNodes", List.of("n3.xsite.test"))).getFirst().get("peer_node_id"))
                    .isEqualTo(3L);
            assertThat(((List<?>) slice.get("node_ids")).size()).isEqualTo(2);
            assertThat(((List<?>) slice.get("node_ids")).contains(localNode)).isTrue();

            Map<String, Object> again = refresh(testing, data);
            for (String kind : List.of("Sites", "Nodes", "Persons", "Keys", "Slices")) {
                assertThat(struct(again.get(kind))).as(kind).isEqualTo(Map.of("added", 0L, "updated", 0L, "deleted", 0L));
            }

            Map<String, Object> changed = refresh(testing, data(localNode, "second version", List.of()));
            assertThat(struct(changed.get("Slices")).get("updated")).isEqualTo(1L);
            assertThat(struct(changed.get("Keys")).get("deleted")).isEqualTo(1L);
            assertThat(keysOnNode(testing, localNode, "xsite_exp")).isEmpty();
            assertThat(rows(operator.call("GetSlices", List.of("xsite_exp"))).getFirst().get("description"))
                    .isEqualTo("second version");
            assertRefused(() -> operator.call("UpdateNode", "n3.xsite.test", Map.of("model", "mine")),
                    ErrorCode.LOCAL_ONLY, "plc-x");
            assertRefused(() -> operator.call("DeleteKey", 1L), ErrorCode.NOT_FOUND);

            operator.call("DeleteAllPeerEntries", "plc-x");
            assertThat(rows(operator.call("GetSlices", List.of("xsite_exp")))).isEmpty();
            assertThat(sliverNames(testing, localNode)).doesNotContain("xsite_exp");
            assertThat(rows(operator.call("GetPeers", List.of("plc-x"))).getFirst().get("node_ids")).isEqualTo(List.of());

            refresh(testing, data);
            assertThat(sliverNames(testing, localNode)).contains("xsite_exp");

            long localSlice = (Long) operator.call("AddSlice", Map.of("name", "home_bound", "url", "https://home.test/",
                    "description", "to be bound"));
            operator.call("BindObjectToPeer", "slice", localSlice, "x", 77L);
            assertThat(rows(operator.call("GetSlices", List.of(localSlice))).getFirst().get("peer_slice_id")).isEqualTo(77L);
            assertRefused(() -> operator.call("UpdateSlice", localSlice, Map.of("description", "x")), ErrorCode.LOCAL_ONLY,
                    "plc-x");
            assertRefused(() -> operator.call("UnBindObjectFromPeer", "slice", localSlice, "x", 78L),
                    ErrorCode.INVALID_ARGUMENT, "not an object of peer plc-x");
            operator.call("UnBindObjectFromPeer", "slice", localSlice, "x", 77L);
            operator.call("UpdateSlice", localSlice, Map.of("description", "local again"));
            operator.call("DeletePeer", "plc-x");
            assertThat(sliverNames(testing, localNode)).doesNotContain("xsite_exp");
            assertThat(rows(operator.call("GetNodes", List.of("n3.xsite.test")))).isEmpty();
        }
    }

    private static Map<String, Object> refresh(TestingPlc testing, Map<String, Object> data) {
        PeerService peers = testing.plc().peering().service();
        Peers.PeerRecord peer = testing.plc().database().read(handle -> Peers.require(handle, "plc-x"));
        Map<String, Object> checked = PeerDataSchema.check(data);
        PeerDataSchema.requireConsistent(checked);
        PeerService.Fetched fetched = new PeerService.Fetched(peer, checked);
        return testing.plc().mutations().run(Caller.INTERNAL, "RefreshPeer", List.of("plc-x"),
                mutation -> peers.refresh(mutation, "plc-x", fetched));
    }

    private static Map<String, Object> data(long localNode, String description, List<Map<String, Object>> keys) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> site = new LinkedHashMap<>();
        site.putAll(Map.of("site_id", 7L, "login_base", "xsite", "name", "X Site", "abbreviated_name", "X",
                "max_slices", 10L, "max_slivers", 100L, "is_public", true, "enabled", true, "date_created", 1L,
                "last_updated", 2L));
        site.put("url", null);
        site.put("latitude", 48.5);
        site.put("longitude", null);
        Map<String, Object> node = Map.of("node_id", 3L, "site_id", 7L, "hostname", "n3.xsite.test", "node_type", "regular",
                "boot_state", "boot", "model", "x86", "version", "1.0", "date_created", 1L, "last_updated", 2L);
        Map<String, Object> person = new LinkedHashMap<>(Map.of("person_id", 11L, "email", "xu@xsite.test", "first_name",
                "X", "last_name", "User", "enabled", true, "date_created", 1L, "last_updated", 2L));
        person.put("title", null);
        person.put("url", null);
        person.put("bio", null);
        Map<String, Object> slice = new LinkedHashMap<>(Map.of("slice_id", 31L, "site_id", 7L, "name", "xsite_exp",
                "hrn", "plcx.xsite.exp", "instantiation", "plc-instantiated", "state", "started",
                "max_nodes", 100L, "created", now, "expires", now + 7 * 86_400));
        slice.put("url", null);
        slice.put("description", description);
        slice.put("node_ids", List.of(3L, 900L));
        slice.put("person_ids", List.of(11L));
        return Map.of("Sites", List.of(site), "Nodes", List.of(node), "Persons", List.of(person), "Keys", keys,
                "Slices", List.of(slice), "PeerNodes", List.of(Map.of("node_id", 900L, "peer_node_id", localNode)));
    }

    private static Map<String, Object> key() {
        return Map.of("key_id", 21L, "person_id", 11L, "key_type", "ssh", "key", KEY);
    }

    private static List<String> keysOnNode(TestingPlc testing, long nodeId, String slice) {
        for (Map<String, Object> sliver : slivers(testing, nodeId)) {
            if (slice.equals(sliver.get("name"))) {
                List<String> keys = new ArrayList<>();
                rows(sliver.get("keys")).forEach(key -> keys.add(((String) key.get("key")).strip()));
                return keys;
            }
        }
        throw new AssertionError(slice + " has no sliver on node " + nodeId);
    }

    private static List<Object> sliverNames(TestingPlc testing, long nodeId) {
        return slivers(testing, nodeId).stream().map(sliver -> sliver.get("name")).toList();
    }

    private static List<Map<String, Object>> slivers(TestingPlc testing, long nodeId) {
        return rows(struct(testing.client(testing.nodeSession(nodeId), PlcClient.Encoding.JSON).call("GetSlivers"))
                .get("slivers"));
    }
}
