package org.planetlab.plc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.planetlab.plc.testing.Registry.rows;
import static org.planetlab.plc.testing.Registry.struct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestKeys;
import org.planetlab.plc.testing.TestingPlc;

/**
 * The registry's main story, over the wire, in both encodings and on both stores: an operator
 * creates a site and its PI, a user registers and is approved, uploads a key, the PI creates a
 * slice with the user, the tech adds nodes, the slice goes on them, GetSlivers shows it with the
 * key and resolved attributes, and after deletion the record stays, marked deleted.
 */
class RegistryStoryTest {
    static Stream<Arguments> setups() {
        return Stream.of(
                Arguments.of(StoreKind.SQLITE, PlcClient.Encoding.XML_RPC),
                Arguments.of(StoreKind.SQLITE, PlcClient.Encoding.JSON),
                Arguments.of(StoreKind.POSTGRESQL, PlcClient.Encoding.XML_RPC),
                Arguments.of(StoreKind.POSTGRESQL, PlcClient.Encoding.JSON));
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("setups")
    void siteToSliverAndBack(StoreKind store, PlcClient.Encoding encoding) {
        try (TestingPlc testing = TestingPlc.start(store)) {
            PlcClient operator = testing.operator(encoding);
            Registry registry = new Registry(operator);

            // The operator creates a site and its PI (the first level of validation).
            long siteId = registry.site("princeton");
            operator.call("UpdateSite", siteId, Map.of("max_slices", 5L));
            PlcClient pi = operator.as(registry.person("pi@princeton.edu", "pi", siteId));
            PlcClient tech = operator.as(registry.person("tech@princeton.edu", "tech", siteId));

            // A user registers; the account cannot act until the PI approves it.
            Map<String, Object> applicant = new LinkedHashMap<>();
            applicant.put("email", "Alice@Princeton.edu");
            applicant.put("first_name", "Alice");
            applicant.put("last_name", "Liddell");
            applicant.put("password", "rabbit-hole-42");
            long aliceId = (Long) operator.as(new Credentials.Anonymous()).call("RegisterPerson", applicant, "princeton");
            PlcClient alice = operator.as(new Credentials.Password("alice@princeton.edu", "rabbit-hole-42"));
            assertThatThrownBy(() -> alice.call("AuthCheck"))
                    .isInstanceOfSatisfying(PlanetLabException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
                        assertThat(e.getMessage()).contains("not enabled");
                    });
            pi.call("ApprovePerson", aliceId);
            assertThat(alice.call("AuthCheck")).isEqualTo(1L);

            // She uploads a key.
            String key = TestKeys.ed25519("alice@laptop");
            long keyId = (Long) alice.call("AddPersonKey", aliceId, Map.of("key_type", "ssh", "key", key));

            // The PI creates a slice and adds her to it.
            Map<String, Object> slice = new LinkedHashMap<>();
            slice.put("name", "princeton_codeen");
            slice.put("description", "a content distribution network");
            slice.put("url", "https://codeen.example.org/");
            long sliceId = (Long) pi.call("AddSlice", slice);
            pi.call("AddPersonToSlice", "alice@princeton.edu", "plc.princeton.codeen");

            // The tech adds two nodes; the slice goes on both.
            long node1 = registry.node(siteId, "planetlab1.cs.princeton.edu", "128.112.139.71");
            long node2 = registry.node(siteId, "planetlab2.cs.princeton.edu", "128.112.139.72");
            assertThat(rows(tech.call("GetNodes", List.of(node1), List.of("site_id", "boot_state"))))
                    .containsExactly(Map.of("site_id", siteId, "boot_state", "reinstall"));
            tech.call("UpdateNode", node1, Map.of("boot_state", "boot"));
            alice.call("AddSliceToNodes", "princeton_codeen", List.of(node1, "planetlab2.cs.princeton.edu"));

            // Attributes: a slice-wide value, a per-node override, defaults for the rest.
            pi.call("SetSliceAttr", "princeton_codeen", Map.of("name", "bootscript", "value", "echo hello"));
            operator.call("AddSliceTag", sliceId, "cpu_share", "2");
            operator.call("AddSliceTag", sliceId, "cpu_share", "4", node1);

            PlcClient node1Client = operator.as(testing.nodeSession(node1));
            Map<String, Object> view = struct(node1Client.call("GetSlivers"));
            assertThat(view.get("node_id")).isEqualTo(node1);
            assertThat(view.get("hostname")).isEqualTo("planetlab1.cs.princeton.edu");
            Map<String, Object> sliver = rows(view.get("slivers")).getFirst();
            assertThat(sliver.get("name")).isEqualTo("princeton_codeen");
            assertThat(sliver.get("hrn")).isEqualTo("plc.princeton.codeen");
            assertThat(sliver.get("slice_id")).isEqualTo(sliceId);
            assertThat(rows(sliver.get("keys"))).containsExactly(Map.of("key_type", "ssh", "key", key));
            Map<String, Object> rspec = struct(sliver.get("rspec"));
            assertThat(rspec).containsEntry("cpu_share", "4").containsEntry("bootscript", "echo hello")
                    .containsEntry("mem_limit", "256").containsEntry("disk_quota", "5120");
            Map<String, Object> node2View = struct(operator.call("GetSlivers", node2));
            assertThat(struct(rows(node2View.get("slivers")).getFirst().get("rspec"))).containsEntry("cpu_share", "2");
            Map<String, Object> siteAdmin = rows(view.get("accounts")).getFirst();
            assertThat(siteAdmin.get("name")).isEqualTo("site_admin");

            // Nothing changed: the node learns so cheaply.
            String version = (String) view.get("version");
            assertThat(struct(node1Client.call("GetSlivers", null, version)))
                    .isEqualTo(Map.of("version", version, "unchanged", true));
            assertThatThrownBy(() -> node1Client.call("GetSlivers", node2))
                    .isInstanceOfSatisfying(PlanetLabException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));

            // The slice is deleted: gone from the node, kept on record.
            alice.call("DeleteSlice", "princeton_codeen");
            Map<String, Object> after = struct(node1Client.call("GetSlivers", null, version));
            assertThat(after.get("version")).isNotEqualTo(version);
            assertThat(rows(after.get("slivers"))).isEmpty();
            assertThat(rows(operator.call("GetSlices", List.of("princeton_codeen")))).isEmpty();
            Map<String, Object> record = rows(operator.call("GetSlices", Map.of("name", "princeton_codeen",
                    "is_deleted", true), List.of("slice_id", "is_deleted", "person_ids", "node_ids"))).getFirst();
            assertThat(record).containsEntry("slice_id", sliceId).containsEntry("is_deleted", true)
                    .containsEntry("person_ids", List.of(aliceId)).containsEntry("node_ids", List.of(node1, node2));

            // Every change is in the event log, with who did it and to what.
            Map<String, Object> deletion = rows(operator.call("GetEvents", Map.of("call_name", "DeleteSlice"))).getFirst();
            assertThat(deletion.get("person_id")).isEqualTo(aliceId);
            assertThat(deletion.get("fault_code")).isEqualTo(0L);
            assertThat(deletion.get("object_ids")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).contains(sliceId);
            assertThat(rows(operator.call("GetKeys", List.of(keyId), List.of("person_id"))))
                    .containsExactly(Map.of("person_id", aliceId));
        }
    }
}
