package org.planetlab.am;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.planetlab.am.testing.AmClient;
import org.planetlab.am.testing.AmTestbed;
import org.planetlab.api.sliver.NodeView;
import org.planetlab.api.sliver.Sliver;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.slice.SliceDetails;
import org.planetlab.plc.slice.SliceRef;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestKeys;

/**
 * A GENI client drives a slice through the AM API over TLS with its GID as client certificate:
 * allocate, provision, start, stop, renew and delete; after each step PLC's own services show an
 * ordinary slice, and the nodes' view (GetSlivers) shows its slivers with the users' keys; the
 * event log names the caller's PLC person.
 */
class AmEndToEndTest {
    static final Map<String, Object> GENI_3 = Map.of("geni_rspec_version", Map.of("type", "GENI", "version", "3"));

    static String request(String... hostnames) {
        StringBuilder rspec = new StringBuilder("<rspec type=\"request\" xmlns=\"http://www.geni.net/resources/rspec/3\">");
        int index = 0;
        for (String hostname : hostnames) {
            rspec.append("<node client_id=\"n").append(index++).append("\" component_id=\"urn:publicid:IDN+plc:princeton+node+")
                    .append(hostname).append("\" exclusive=\"false\"><sliver_type name=\"plab-vserver\"/></node>");
        }
        return rspec.append("</rspec>").toString();
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aSliceGoesThroughItsWholeLifeAndPlcSeesAnOrdinarySlice(StoreKind kind) throws Exception {
        try (AmTestbed testbed = AmTestbed.start(kind)) {
            AmTestbed.TestUser alice = testbed.user("alice");
            AmClient client = testbed.client(alice);
            String slice = AmTestbed.sliceUrn("codeen").toString();
            List<Object> credentials = List.of(AmTestbed.sfa(testbed.sliceCredential(alice, "codeen")));

            AmClient.Result version = client.call("GetVersion");
            assertThat(version.geniCode()).isZero();
            assertThat(version.answer().get("geni_api")).isEqualTo(3L);
            assertThat(version.struct().get("geni_api")).isEqualTo(3L);
            assertThat(version.struct().get("geni_api_versions")).isEqualTo(Map.of("3", "https://localhost:" + testbed.port() + "/"));

            AmClient.Result resources = client.call("ListResources", List.of(AmTestbed.sfa(testbed.userCredential(alice))), GENI_3);
            assertThat(resources.geniCode()).as(resources.toString()).isZero();
            assertThat((String) resources.value()).contains("type=\"advertisement\"")
                    .contains("component_id=\"urn:publicid:IDN+plc:princeton+node+" + AmTestbed.NODE_1 + "\"")
                    .contains("planetlab:attribute").contains("name=\"cpu_share\"");

            AmClient.Result allocated = client.call("Allocate", slice, credentials, request(AmTestbed.NODE_1, AmTestbed.NODE_2), Map.of());
            assertThat(allocated.geniCode()).as(allocated.toString()).isZero();
            List<Map<String, Object>> slivers = slivers(allocated.struct());
            assertThat(slivers).hasSize(2).allSatisfy(sliver ->
                    assertThat(sliver.get("geni_allocation_status")).isEqualTo("geni_allocated"));
            assertThat((String) allocated.struct().get("geni_rspec")).contains("type=\"manifest\"").contains("client_id=\"n0\"");
            SliceDetails made = plcSlice(testbed);
            assertThat(made.hierarchicalName()).isEqualTo("plc.princeton.codeen");
            assertThat(made.state()).isEqualTo("stopped");
            // Allocated is not yet instantiated: the nodes do not see the slice.
            assertThat(sliver(testbed, AmTestbed.NODE_1)).isNull();
            // PLC's event log names who allocated: the caller's PLC person, with the slice and caller URNs.
            org.planetlab.plc.event.EventRecord allocation = testbed.plc().events().events(Caller.INTERNAL,
                    org.planetlab.plc.event.EventQuery.latest(100).call("Allocate")).getFirst();
            assertThat(allocation.personId()).isPresent();
            assertThat(allocation.authType()).isEqualTo("geni");
            assertThat(allocation.arguments()).contains(slice).contains(alice.gid().urn().toString());
            assertThat(testbed.plc().persons().person(Caller.INTERNAL, org.planetlab.plc.person.PersonRef.of(allocation.personId().get()))
                    .orElseThrow().email()).isEqualTo("alice@plc.princeton.geni.invalid");

            String key = TestKeys.ed25519("alice@geni");
            AmClient.Result provisioned = client.call("Provision", List.of(slice), credentials, Map.of("geni_users",
                    List.of(Map.of("urn", alice.gid().urn().toString(), "keys", List.of(key)))));
            assertThat(provisioned.geniCode()).as(provisioned.toString()).isZero();
            assertThat(slivers(provisioned.struct())).hasSize(2).allSatisfy(sliver -> {
                assertThat(sliver.get("geni_allocation_status")).isEqualTo("geni_provisioned");
                assertThat(sliver.get("geni_operational_status")).isEqualTo("geni_notready");
            });
            assertThat((String) provisioned.struct().get("geni_rspec")).contains("username=\"princeton_codeen\"")
                    .contains("hostname=\"" + AmTestbed.NODE_2 + "\"");
            Sliver onNode = sliver(testbed, AmTestbed.NODE_1);
            assertThat(onNode).isNotNull();
            assertThat(onNode.keys()).extracting(sliverKey -> sliverKey.key()).contains(key);
            assertThat(sliver(testbed, AmTestbed.NODE_2)).isNotNull();

            // The operational status is what the nodes report of their slivers; PLC's order alone makes them configuring.
            AmClient.Result started = client.call("PerformOperationalAction", List.of(slice), credentials, "geni_start", Map.of());
            assertThat(started.geniCode()).as(started.toString()).isZero();
            assertThat(started.list()).allSatisfy(sliver -> assertThat(sliver.get("geni_operational_status")).isEqualTo("geni_configuring"));
            assertThat(plcSlice(testbed).state()).isEqualTo("started");
            assertThat(sliver(testbed, AmTestbed.NODE_1).state()).isEqualTo(Sliver.STARTED);
            for (String node : List.of(AmTestbed.NODE_1, AmTestbed.NODE_2)) {
                testbed.reportSliverState(node, "princeton_codeen", "running", "");
            }
            assertThat(slivers(client.call("Status", List.of(slice), credentials, Map.of()).struct()))
                    .allSatisfy(sliver -> assertThat(sliver.get("geni_operational_status")).isEqualTo("geni_ready"));

            AmClient.Result stopped = client.call("PerformOperationalAction", List.of(slice), credentials, "geni_stop", Map.of());
            assertThat(stopped.list()).allSatisfy(sliver -> assertThat(sliver.get("geni_operational_status")).isEqualTo("geni_stopping"));
            assertThat(plcSlice(testbed).state()).isEqualTo("stopped");
            AmClient.Result restarted = client.call("PerformOperationalAction", List.of(slice), credentials, "geni_restart", Map.of());
            assertThat(restarted.list()).allSatisfy(sliver -> assertThat(sliver.get("geni_operational_status")).isEqualTo("geni_ready"));

            Instant until = testbed.clock().instant().plus(Duration.ofDays(20)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            AmClient.Result renewed = client.call("Renew", List.of(slice), credentials, until.toString(), Map.of());
            assertThat(renewed.geniCode()).as(renewed.toString()).isZero();
            assertThat(renewed.list()).allSatisfy(sliver -> assertThat(sliver.get("geni_expires")).isEqualTo(until.toString()));
            assertThat(plcSlice(testbed).expires()).isEqualTo(until.getEpochSecond());

            AmClient.Result status = client.call("Status", List.of(slice), credentials, Map.of());
            assertThat(status.struct().get("geni_urn")).isEqualTo(slice);
            AmClient.Result described = client.call("Describe", List.of(slice), credentials, GENI_3);
            assertThat((String) described.struct().get("geni_rspec")).contains("sliver_id=\"urn:publicid:IDN+plc+sliver+");

            String oneSliver = (String) slivers(status.struct()).getFirst().get("geni_sliver_urn");
            AmClient.Result deletedOne = client.call("Delete", List.of(oneSliver), credentials, Map.of());
            assertThat(deletedOne.list()).singleElement().satisfies(sliver ->
                    assertThat(sliver.get("geni_allocation_status")).isEqualTo("geni_unallocated"));
            assertThat(sliver(testbed, AmTestbed.NODE_1)).isNull();
            assertThat(sliver(testbed, AmTestbed.NODE_2)).isNotNull();
            AmClient.Result deleted = client.call("Delete", List.of(slice), credentials, Map.of());
            assertThat(deleted.geniCode()).as(deleted.toString()).isZero();
            assertThat(sliver(testbed, AmTestbed.NODE_2)).isNull();
            assertThat(client.call("Status", List.of(slice), credentials, Map.of()).geniCode()).isEqualTo(12);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> slivers(Map<String, Object> value) {
        return (List<Map<String, Object>>) value.get("geni_slivers");
    }

    static SliceDetails plcSlice(AmTestbed testbed) {
        return testbed.plc().slices().slice(Caller.INTERNAL, SliceRef.of("princeton_codeen")).orElseThrow();
    }

    /** The sliver of princeton_codeen in the node's GetSlivers view, or null. */
    static Sliver sliver(AmTestbed testbed, String hostname) {
        return sliver(testbed, hostname, "princeton_codeen");
    }

    /** The sliver of {@code slice} in the node's GetSlivers view, or null. */
    static Sliver sliver(AmTestbed testbed, String hostname, String slice) {
        long nodeId = testbed.plc().nodes().node(NodeRef.of(hostname)).orElseThrow().nodeId();
        NodeView view = testbed.plc().database().read(handle -> testbed.plc().sliverViews()
                .get(() -> handle, nodeId, testbed.clock().instant().getEpochSecond()).view());
        return view.slivers().stream().filter(sliver -> sliver.name().equals(slice)).findFirst().orElse(null);
    }
}
