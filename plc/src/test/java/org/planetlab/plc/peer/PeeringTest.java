package org.planetlab.plc.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.planetlab.plc.testing.Registry.rows;
import static org.planetlab.plc.testing.Registry.struct;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestKeys;
import org.planetlab.plc.testing.TestingPlc;
import org.planetlab.api.wire.XmlRpcReader;
import org.planetlab.api.wire.XmlRpcResponse;
import org.planetlab.api.wire.XmlRpcWriter;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.tls.TlsContexts;

/**
 * Two PLCs in one JVM, each with its own store and TLS CA, peered both ways over real HTTPS: a
 * slice of A put on a node of B (foreign at A) gets a sliver in that node's view at B, with A's
 * user's key, once B refreshes; refreshing again changes nothing; A's changes arrive with the next
 * refresh; foreign objects cannot be edited locally; and deleting the peer takes the sliver away.
 * The steps build on one another, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PeeringTest {
    private static TestingPlc a;
    private static TestingPlc b;
    private static PlcClient operatorA;
    private static PlcClient operatorB;
    private static long nodeAtB;
    private static long aliceKeyAtA;
    private static final String ALICE_KEY = TestKeys.ed25519("alice@asite");
    private static final String ALICE_NEW_KEY = TestKeys.ed25519("again");

    @BeforeAll
    static void peerTwoPlcs() {
        a = TestingPlc.startWithTls(StoreKind.SQLITE, Map.of("peer.name", "plc-a"));
        b = TestingPlc.startWithTls(StoreKind.SQLITE, Map.of("peer.name", "plc-b", "peer.max-data-bytes", "65536"));
        operatorA = a.operator(PlcClient.Encoding.XML_RPC);
        operatorB = b.operator(PlcClient.Encoding.XML_RPC);
        operatorA.call("AddPeer", peerFields(b, "plc-b"));
        operatorB.call("AddPeer", peerFields(a, "plc-a"));

        long siteB = new Registry(operatorB).site("bsite");
        nodeAtB = new Registry(operatorB).node(siteB, "node1.bsite.test", "10.9.0.1");

        Registry registryA = new Registry(operatorA);
        long siteA = registryA.site("asite");
        registryA.person("alice@asite.test", "user", siteA);
        aliceKeyAtA = (Long) operatorA.call("AddPersonKey", "alice@asite.test",
                Map.of("key_type", "ssh", "key", ALICE_KEY));
        operatorA.call("AddSlice", Map.of("name", "asite_demo", "url", "https://asite.test/", "description", "demo"));
        operatorA.call("AddPersonToSlice", "alice@asite.test", "asite_demo");
    }

    @AfterAll
    static void stop() {
        b.close();
        a.close();
    }

    static Map<String, Object> peerFields(TestingPlc peer, String name) {
        return Map.of("peername", name, "shortname", name, "peer_url", peer.uri() + "/PLCAPI/",
                "ca_certificate", Pem.write(peer.plc().trust().tlsCaCertificate()),
                "public_key", peer.plc().peering().publicKeyPem());
    }

    @Test
    @Order(1)
    void aSliceOfAOnANodeOfBGetsASliverThereWithItsUsersKey() {
        assertThat(operatorA.call("GetPeerName")).isEqualTo("plc-a");
        Map<String, Object> pulledByA = struct(operatorA.call("RefreshPeer", "plc-b"));
        assertThat(struct(pulledByA.get("Nodes")).get("added")).isEqualTo(1L);
        Map<String, Object> foreignNode = rows(operatorA.call("GetNodes", List.of("node1.bsite.test"))).getFirst();
        assertThat(foreignNode.get("peer_node_id")).isEqualTo(nodeAtB);
        assertThat(foreignNode.get("peer_id")).isNotNull();

        // A local slice may go on a foreign node.
        operatorA.call("AddSliceToNodes", "asite_demo", List.of("node1.bsite.test"));
        Map<String, Object> pulledByB = struct(operatorB.call("RefreshPeer", "plc-a"));
        assertThat(struct(pulledByB.get("Slices")).get("added")).isEqualTo(1L);
        assertThat(struct(pulledByB.get("Keys")).get("added")).isEqualTo(1L);
        // Both PLCs have an operator with the same address: B keeps its own and says so.
        assertThat((List<?>) pulledByB.get("skipped")).singleElement().asString()
                .contains("operator@plc.test is taken here by person");

        Map<String, Object> sliver = sliverAtB("asite_demo");
        assertThat(keysOf(sliver)).containsExactly(ALICE_KEY.strip());
        Map<String, Object> slice = rows(operatorB.call("GetSlices", List.of("asite_demo"))).getFirst();
        assertThat(slice.get("peer_id")).isEqualTo(peerIdAtB());
        assertThat(slice.get("node_ids")).isEqualTo(List.of(nodeAtB));
        assertThat(rows(operatorB.call("GetSlices", Map.of("peer_id", peerIdAtB())))).hasSize(1);
        assertThat(rows(operatorB.call("GetNodes", Map.of("peer_id", peerIdAtB())))).isEmpty();
        assertThat(rows(operatorB.call("GetPersons", Map.of("email", "alice@asite.test"), List.of("peer_id"))))
                .containsExactly(Map.of("peer_id", peerIdAtB()));
    }

    @Test
    @Order(2)
    void aSecondRefreshChangesNothing() {
        List<Map<String, Object>> before = slivers();
        Map<String, Object> again = struct(operatorB.call("RefreshPeer", "plc-a"));
        for (String kind : List.of("Sites", "Nodes", "Persons", "Keys", "Slices")) {
            assertThat(struct(again.get(kind))).as(kind).isEqualTo(Map.of("added", 0L, "updated", 0L, "deleted", 0L));
        }
        assertThat(slivers()).isEqualTo(before);
        assertThat(rows(operatorB.call("GetEvents", Map.of("call_name", "RefreshPeer"))).getLast().get("object_ids"))
                .isEqualTo(List.of());
    }

    @Test
    @Order(3)
    void aKeyRemovedAtAIsGoneAtBAfterTheNextRefresh() {
        operatorA.call("DeleteKey", aliceKeyAtA);
        Map<String, Object> pulled = struct(operatorB.call("RefreshPeer", "plc-a"));
        assertThat(struct(pulled.get("Keys")).get("deleted")).isEqualTo(1L);
        assertThat(keysOf(sliverAtB("asite_demo"))).isEmpty();
        operatorA.call("AddPersonKey", "alice@asite.test", Map.of("key_type", "ssh", "key", ALICE_NEW_KEY));
        operatorB.call("RefreshPeer", "plc-a");
        assertThat(keysOf(sliverAtB("asite_demo"))).containsExactly(ALICE_NEW_KEY.strip());
    }

    @Test
    @Order(4)
    void foreignObjectsAreReadOnlyLocally() {
        assertRefused(() -> operatorB.call("UpdateSlice", "asite_demo", Map.of("description", "mine now")),
                ErrorCode.LOCAL_ONLY, "plc-a");
        assertRefused(() -> operatorB.call("DeleteSlice", "asite_demo"), ErrorCode.LOCAL_ONLY, "plc-a");
        assertRefused(() -> operatorB.call("UpdatePerson", "alice@asite.test", Map.of("first_name", "Eve")),
                ErrorCode.LOCAL_ONLY, "plc-a");
        assertRefused(() -> operatorB.call("AddPersonKey", "alice@asite.test",
                Map.of("key_type", "ssh", "key", TestKeys.ed25519("eve"))), ErrorCode.LOCAL_ONLY, "plc-a");
        assertRefused(() -> operatorB.call("DeleteSite", "asite"), ErrorCode.LOCAL_ONLY, "plc-a");
        assertRefused(() -> operatorB.call("AddSliceToNodes", "asite_demo", List.of(nodeAtB)), ErrorCode.LOCAL_ONLY,
                "plc-a");
        assertRefused(() -> operatorA.call("DeleteNode", "node1.bsite.test"), ErrorCode.LOCAL_ONLY, "plc-b");
        assertRefused(() -> operatorB.call("AddSlice", Map.of("name", "asite_mine", "url", "https://b.test/",
                "description", "a slice of B at A's site")), ErrorCode.LOCAL_ONLY, "plc-a");
        assertRefused(() -> operatorA.call("AddNode", "bsite", Map.of("hostname", "node2.bsite.test")),
                ErrorCode.LOCAL_ONLY, "plc-b");
        assertThat(rows(operatorB.call("GetSlices", List.of("asite_demo"))).getFirst().get("description")).isEqualTo("demo");
    }

    @Test
    @Order(5)
    void peerDataRequestsThatAreUnsignedForgedMisdirectedOrReplayedAreRefused() throws Exception {
        byte[] body = new XmlRpcWriter().writeCall("GetPeerData", List.of(Map.of("AuthMethod", "peer", "name", "plc-a")));
        assertThat(postToB(body, null)).isInstanceOfSatisfying(XmlRpcResponse.Fault.class, fault ->
                assertThat(fault.faultString()).contains("no Authorization header"));
        PeerKey keyOfA = PeerKey.openOrCreate(a.dataDir(), KeyAlgorithm.EC_P256, new SecureRandom());
        PeerKey stranger = PeerKey.openOrCreate(java.nio.file.Files.createTempDirectory("stranger"), KeyAlgorithm.EC_P256,
                new SecureRandom());
        assertThat(postToB(body, sign(stranger, "plc-b", body))).isInstanceOfSatisfying(XmlRpcResponse.Fault.class,
                fault -> assertThat(fault.faultString()).contains("does not verify with the key registered for peer"));
        assertThat(postToB(body, sign(keyOfA, "plc-elsewhere", body))).isInstanceOf(XmlRpcResponse.Fault.class);
        String signed = sign(keyOfA, "plc-b", body);
        assertThat(postToB(body, signed)).isInstanceOfSatisfying(XmlRpcResponse.Success.class, answer ->
                assertThat(struct(answer.value()).get("Slices")).isNotNull());
        assertThat(postToB(body, signed)).isInstanceOfSatisfying(XmlRpcResponse.Fault.class, fault ->
                assertThat(fault.faultString()).contains("replay"));
        byte[] other = new XmlRpcWriter().writeCall("GetPeerData", List.of(Map.of("AuthMethod", "peer", "name", "plc-x")));
        assertThat(postToB(other, signed)).isInstanceOf(XmlRpcResponse.Fault.class);
    }

    @Test
    @Order(6)
    void aPeerWhoseCertificateDoesNotChainToThePinnedCaIsNeverAsked() {
        Map<String, Object> impostor = new HashMap<>(peerFields(b, "impostor"));
        impostor.put("shortname", "impostor");
        impostor.put("ca_certificate", Pem.write(a.plc().trust().tlsCaCertificate()));
        operatorA.call("AddPeer", impostor);
        assertRefused(() -> operatorA.call("RefreshPeer", "impostor"), ErrorCode.UNAVAILABLE,
                "does not chain to the CA registered for it");
        assertThat(rows(operatorA.call("GetPeers", List.of("impostor"))).getFirst().get("node_ids")).isEqualTo(List.of());
        operatorA.call("DeletePeer", "impostor");
    }

    @Test
    @Order(7)
    void oversizedMalformedOrInconsistentPeerDataChangesNothing() {
        try (FakePeer fake = new FakePeer(a.plc().trust().serverIdentity(List.of("localhost"), Duration.ofDays(1)))) {
            Map<String, Object> fields = new HashMap<>(peerFields(a, "fake"));
            fields.put("peer_url", fake.url());
            operatorB.call("AddPeer", fields);
            List<Map<String, Object>> before = rows(operatorB.call("GetSlices"));

            fake.answer(new XmlRpcWriter().writeResponse("x".repeat(100_000)));
            assertRefused(() -> operatorB.call("RefreshPeer", "fake"), ErrorCode.REQUEST_TOO_LARGE, "max-data-bytes");
            fake.answer("<methodResponse><params><param><value><struct>".getBytes(StandardCharsets.UTF_8));
            assertRefused(() -> operatorB.call("RefreshPeer", "fake"), ErrorCode.INVALID_ARGUMENT, "not an XML-RPC answer");
            fake.answer(new XmlRpcWriter().writeResponse(Map.of("Sites", List.of())));
            assertRefused(() -> operatorB.call("RefreshPeer", "fake"), ErrorCode.INVALID_ARGUMENT, "malformed",
                    "Nodes");
            Map<String, Object> orphanNode = Map.of("node_id", 5L, "site_id", 99L, "hostname", "orphan.fake.test",
                    "node_type", "regular", "boot_state", "boot", "model", "x", "version", "1", "date_created", 1L,
                    "last_updated", 1L);
            fake.answer(new XmlRpcWriter().writeResponse(Map.of("Sites", List.of(), "Nodes", List.of(orphanNode),
                    "Persons", List.of(), "Keys", List.of(), "Slices", List.of(), "PeerNodes", List.of())));
            assertRefused(() -> operatorB.call("RefreshPeer", "fake"), ErrorCode.INVALID_ARGUMENT, "site_id 99");

            assertThat(rows(operatorB.call("GetSlices"))).isEqualTo(before);
            assertThat(rows(operatorB.call("GetNodes", List.of("orphan.fake.test")))).isEmpty();
            operatorB.call("DeletePeer", "fake");
        }
    }

    /** Posts a GetPeerData call to B as a peer would, with the given Authorization header (or none). */
    private static XmlRpcResponse postToB(byte[] body, String authorization) throws Exception {
        HttpClient http = TlsContexts.httpClient(TlsContexts.client(b.plc().trust().tlsCaCertificate(), new SecureRandom()),
                Duration.ofSeconds(10));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(b.uri() + "/PLCAPI/"))
                .header("Content-Type", "text/xml").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return new XmlRpcReader().readResponse(http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()).body());
    }

    private static String sign(PeerKey key, String audience, byte[] body) {
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        return PeerSignature.sign(key.privateKey(), "plc-a", audience, Instant.now().truncatedTo(ChronoUnit.SECONDS),
                Base64.getUrlEncoder().withoutPadding().encodeToString(nonce), "POST", "/PLCAPI/", body).headerValue();
    }

    @Test
    @Order(8)
    void theAttributesItsUsersMaySetFollowASliceToB() {
        operatorA.call("SetSliceAttr", "asite_demo", Map.of("name", "bootscript", "value", "echo from A"));
        // Only operators set resources, and ports are reserved by each PLC for its own nodes: neither is pulled.
        operatorA.call("SetSliceAttr", "asite_demo", Map.of("name", "cpu_share", "value", "9"));
        operatorA.call("SetSliceAttr", "asite_demo", Map.of("name", "tcp_ports", "value", "8080"));
        Map<String, Object> pulled = struct(operatorB.call("RefreshPeer", "plc-a"));
        assertThat(struct(pulled.get("SliceTags"))).isEqualTo(Map.of("added", 1L, "updated", 0L, "deleted", 0L));
        assertThat(rspecAtB()).containsEntry("bootscript", "echo from A").containsEntry("cpu_share", "1")
                .containsEntry("tcp_ports", "");

        // B's operators decide B's resources for A's slice; A's changes to its attributes arrive.
        operatorB.call("SetSliceAttr", "asite_demo", Map.of("name", "cpu_share", "value", "2"));
        operatorA.call("SetSliceAttr", "asite_demo", Map.of("name", "bootscript", "value", "echo again"));
        pulled = struct(operatorB.call("RefreshPeer", "plc-a"));
        assertThat(struct(pulled.get("SliceTags"))).isEqualTo(Map.of("added", 0L, "updated", 1L, "deleted", 0L));
        assertThat(rspecAtB()).containsEntry("bootscript", "echo again").containsEntry("cpu_share", "2");

        long bootscriptAtA = (Long) rows(operatorA.call("GetSliceTags", Map.of("tagname", "bootscript"))).getFirst()
                .get("slice_tag_id");
        operatorA.call("DeleteSliceTag", bootscriptAtA);
        pulled = struct(operatorB.call("RefreshPeer", "plc-a"));
        assertThat(struct(pulled.get("SliceTags"))).isEqualTo(Map.of("added", 0L, "updated", 0L, "deleted", 1L));
        assertThat(rspecAtB()).containsEntry("bootscript", "").containsEntry("cpu_share", "2");
        assertThat(struct(operatorB.call("RefreshPeer", "plc-a")).get("SliceTags"))
                .isEqualTo(Map.of("added", 0L, "updated", 0L, "deleted", 0L));
    }

    private static Map<String, Object> rspecAtB() {
        return struct(sliverAtB("asite_demo").get("rspec"));
    }

    @Test
    @Order(9)
    void aSliceOfAGoesOnANodeOfAnotherManagementAuthorityAtBOnlyAsItsPolicyAllows() {
        Registry registryB = new Registry(operatorB);
        long bsite = (Long) rows(operatorB.call("GetSites", List.of("bsite"), List.of("site_id"))).getFirst().get("site_id");
        long node2 = registryB.node(bsite, "node2.bsite.test", "10.9.0.2");
        long bma = (Long) operatorB.call("AddManagementAuthority", Map.of("hrn", "bma", "name", "B's other owners"));
        operatorB.call("SetNodeManagementAuthority", node2, "bma");
        operatorA.call("RefreshPeer", "plc-b");
        operatorA.call("AddSlice", Map.of("name", "asite_two", "url", "https://asite.test/", "description", "two"));
        operatorA.call("AddSliceToNodes", "asite_two", List.of("node2.bsite.test"));

        // B's node of bma does not take A's slice without a policy; the refresh says why and goes on.
        Map<String, Object> pulled = struct(operatorB.call("RefreshPeer", "plc-a"));
        assertThat((List<?>) pulled.get("skipped")).anySatisfy(line -> assertThat(line.toString()).contains(
                "slice asite_two is of slice authority plc-a and node node2.bsite.test of management authority bma;"
                        + " no authority policy lets plc-a's slices run on bma's nodes"));
        assertThat(rows(operatorB.call("GetSlices", List.of("asite_two"), List.of("node_ids"))))
                .containsExactly(Map.of("node_ids", List.of()));

        operatorB.call("AddAuthorityPolicy", Map.of("slice_authority", "plc-a", "management_authority_id", bma,
                "max_slivers", 1L));
        operatorB.call("RefreshPeer", "plc-a");
        assertThat(rows(operatorB.call("GetSlices", List.of("asite_two"), List.of("node_ids"))))
                .containsExactly(Map.of("node_ids", List.of(node2)));
    }

    @Test
    @Order(10)
    void deletingThePeerRemovesItsObjectsAndTheirSlivers() {
        operatorB.call("DeletePeer", "plc-a");
        assertThat(slivers().stream().map(sliver -> sliver.get("name"))).doesNotContain("asite_demo");
        assertThat(rows(operatorB.call("GetSlices", List.of("asite_demo")))).isEmpty();
        assertThat(rows(operatorB.call("GetPersons", Map.of("email", "alice@asite.test")))).isEmpty();
        assertThat(rows(operatorB.call("GetSites", List.of("asite")))).isEmpty();
        assertThat(rows(operatorB.call("GetPeers"))).isEmpty();
    }

    private static long peerIdAtB() {
        return (Long) rows(operatorB.call("GetPeers", List.of("plc-a"))).getFirst().get("peer_id");
    }

    private static List<Map<String, Object>> slivers() {
        Map<String, Object> view = struct(b.client(b.nodeSession(nodeAtB), PlcClient.Encoding.XML_RPC).call("GetSlivers"));
        return rows(view.get("slivers"));
    }

    private static Map<String, Object> sliverAtB(String name) {
        return slivers().stream().filter(sliver -> name.equals(sliver.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError(name + " has no sliver on node " + nodeAtB + " at B"));
    }

    private static List<String> keysOf(Map<String, Object> sliver) {
        return rows(sliver.get("keys")).stream().map(key -> ((String) key.get("key")).strip()).toList();
    }

    static void assertRefused(Runnable call, ErrorCode code, String... mentions) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(PlanetLabException.class, refusal -> {
            assertThat(refusal.code()).isEqualTo(code);
            Arrays.stream(mentions).forEach(text -> assertThat(refusal.getMessage()).contains(text));
        });
    }
}
