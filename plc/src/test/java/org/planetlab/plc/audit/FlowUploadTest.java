package org.planetlab.plc.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.planetlab.plc.audit.AuditRegistry.rows;
import static org.planetlab.plc.audit.AuditRegistry.struct;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.planetlab.api.audit.FlowBatch;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.api.audit.FlowWire;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/**
 * Nodes upload flows over both encodings; each batch is stored once; "who sent this?" names the
 * slice and its people; forged, replayed, malformed and absurd batches are refused with nothing
 * stored; queries take SQL metacharacters as plain values.
 */
class FlowUploadTest {
    private static TestingPlc testing;
    private static AuditRegistry registry;
    private static final long BASE = System.currentTimeMillis() - 120_000;

    @BeforeAll
    static void start() {
        testing = TestingPlc.start(StoreKind.SQLITE, Clock.systemUTC(), Map.of("audit.max-sequence-gap", "50"));
        registry = new AuditRegistry(testing);
    }

    @AfterAll
    static void stop() {
        testing.close();
    }

    @Test
    void aBatchSentTwiceOverEitherEncodingIsStoredOnceAndWhoSentThisNamesTheSliceAndItsPeople() {
        int node = (int) registry.nodeId;
        FlowBatch batch = batch(node, 1, "198.18.0.1", 40);
        PlcClient xml = registry.node(registry.nodeId, PlcClient.Encoding.XML_RPC);
        PlcClient json = registry.node(registry.nodeId, PlcClient.Encoding.JSON);
        assertThat(struct(xml.call("UploadFlows", FlowWire.toWire(batch))))
                .containsEntry("sequence", 1L).containsEntry("stored", 40L).containsEntry("duplicate", false);
        assertThat(struct(json.call("UploadFlows", FlowWire.toWire(batch))))
                .containsEntry("stored", 0L).containsEntry("duplicate", true);
        assertThat(struct(json.call("UploadFlows", FlowWire.toWire(batch(node, 2, "198.18.0.1", 10)))))
                .containsEntry("stored", 10L);

        for (PlcClient.Encoding encoding : PlcClient.Encoding.values()) {
            Map<String, Object> answer = struct(testing.operator(encoding).call("WhoSentThis", question("198.18.0.1")));
            List<Map<String, Object>> flows = rows(answer.get("flows"));
            assertThat(flows).hasSize(50).allSatisfy(flow -> assertThat(flow).containsEntry("slice_name", "audit_demo"));
            assertThat(FlowWire.recordFromWire(flows.getFirst()).startMillis())
                    .isGreaterThan(FlowWire.recordFromWire(flows.getLast()).startMillis());
            Map<String, Object> slice = rows(answer.get("slices")).getFirst();
            assertThat(slice).containsEntry("name", "audit_demo").containsEntry("description", "Measures the demo")
                    .containsEntry("url", "https://demo.audit.test/").containsEntry("site_name", "Site audit")
                    .containsEntry("users", List.of("Uma User")).containsEntry("pis", List.of("Paula Pi"))
                    .containsEntry("techs", List.of("Ted Tech")).containsEntry("user_emails", List.of("uma@audit.test"));
        }
        Map<String, Object> asPi = struct(registry.as(registry.pi, PlcClient.Encoding.JSON)
                .call("WhoSentThis", question("198.18.0.1")));
        assertThat(rows(asPi.get("slices")).getFirst()).doesNotContainKeys("user_emails", "pi_emails");
        assertThat(rows(registry.node(registry.nodeId, PlcClient.Encoding.XML_RPC)
                .call("GetSliceContacts", List.of(registry.sliceId))).getFirst())
                .containsEntry("users", List.of("Uma User")).doesNotContainKey("user_emails");
        assertThat(rows(testing.operator(PlcClient.Encoding.XML_RPC).call("GetSliceContacts", List.of(registry.sliceId)))
                .getFirst()).containsEntry("pis", List.of("Paula Pi")).doesNotContainKeys("user_emails", "pi_emails");
    }

    @Test
    void aSlicesOwnUserSeesItsFlowsAndTrafficButNotOtherSlicesNorWhoSentThis() {
        int node = (int) registry.otherNodeId;
        PlcClient otherNode = registry.node(registry.otherNodeId, PlcClient.Encoding.JSON);
        List<FlowRecord> records = new ArrayList<>();
        for (int index = 0; index < 5; index++) {
            records.add(Flows.flow(node, (int) registry.otherSliceId, "elsewhere_x", BASE + index, "198.18.7.7", 80, 500));
        }
        otherNode.call("UploadFlows", FlowWire.toWire(new FlowBatch(node, 1, records)));
        long from = BASE / 1000 - 60;
        long to = BASE / 1000 + 600;
        PlcClient user = registry.as(registry.user, PlcClient.Encoding.XML_RPC);
        registry.node(registry.nodeId, PlcClient.Encoding.JSON).call("UploadFlows",
                FlowWire.toWire(batch((int) registry.nodeId, 3, "198.18.0.9", 3)));
        assertThat(rows(user.call("GetSliceFlows", "audit_demo", from, to, null))).isNotEmpty()
                .allSatisfy(flow -> assertThat(flow).containsEntry("slice_name", "audit_demo"));
        assertThat(rows(user.call("GetSliceTraffic", registry.sliceId, from, to))).isNotEmpty();
        assertRefused(() -> user.call("GetSliceFlows", "elsewhere_x", from, to, null), ErrorCode.PERMISSION_DENIED,
                "shown to operators, the PIs of its site and its users");
        assertRefused(() -> user.call("WhoSentThis", question("198.18.7.7")), ErrorCode.PERMISSION_DENIED,
                "WhoSentThis may be called by");
        PlcClient pi = registry.as(registry.pi, PlcClient.Encoding.JSON);
        assertThat(rows(pi.call("GetTopTalkers", from, to, null))).extracting(row -> row.get("name"))
                .containsExactly("audit_demo");
        assertThat(rows(testing.operator(PlcClient.Encoding.JSON).call("GetTopTalkers", from, to, 10)))
                .extracting(row -> row.get("name")).contains("audit_demo", "elsewhere_x");
    }

    @Test
    void forgedReplayedMalformedAndAbsurdBatchesAreRefusedAndStoreNothing() {
        int node = (int) registry.nodeId;
        PlcClient client = registry.node(registry.nodeId, PlcClient.Encoding.JSON);
        String address = "198.18.66.6";
        client.call("UploadFlows", FlowWire.toWire(batch(node, 10, address, 5)));
        long before = flowsTo(address);

        assertRefused(() -> client.call("UploadFlows", FlowWire.toWire(batch((int) registry.otherNodeId, 11, address, 5))),
                ErrorCode.PERMISSION_DENIED, "may upload only its own records");
        assertRefused(() -> client.call("UploadFlows", FlowWire.toWire(batch(node, 10, address, 6))),
                ErrorCode.ALREADY_EXISTS, "stored before with other records");
        assertRefused(() -> client.call("UploadFlows", FlowWire.toWire(batch(node, 500, address, 5))),
                ErrorCode.INVALID_ARGUMENT, "beyond the highest batch stored");
        assertRefused(() -> client.call("UploadFlows", edited(batch(node, 11, address, 5), record -> record.put("bytes_out", -5L))),
                ErrorCode.INVALID_ARGUMENT, "must not be negative");
        assertRefused(() -> client.call("UploadFlows", edited(batch(node, 11, address, 5), record -> {
            record.put("start_ms", System.currentTimeMillis() + 86_400_000L);
            record.put("end_ms", System.currentTimeMillis() + 86_400_000L);
        })), ErrorCode.INVALID_ARGUMENT, "in the future");
        assertRefused(() -> client.call("UploadFlows", edited(batch(node, 11, address, 5),
                record -> record.put("slice_name", "elsewhere_x"))), ErrorCode.INVALID_ARGUMENT, "exists or existed");
        assertRefused(() -> client.call("UploadFlows", edited(batch(node, 11, address, 5),
                record -> record.put("slice_id", 999_999L))), ErrorCode.INVALID_ARGUMENT, "exists or existed");
        assertRefused(() -> client.call("UploadFlows", edited(batch(node, 11, address, 5),
                record -> record.put("slice_name", "x'); DROP TABLE batches; --"))), ErrorCode.INVALID_ARGUMENT,
                "not a login name");
        assertRefused(() -> client.call("UploadFlows", edited(batch(node, 11, address, 5),
                record -> record.put("remote_address", "1.2.3.4' OR '1'='1"))), ErrorCode.INVALID_ARGUMENT,
                "not an IP address literal");
        assertRefused(() -> client.call("UploadFlows", edited(batch(node, 11, address, 5),
                record -> record.put("remote_address", "1:2:3"))), ErrorCode.INVALID_ARGUMENT, "not an IP address literal");
        assertRefused(() -> client.call("UploadFlows", edited(batch(node, 11, address, 5),
                record -> record.put("bytes_out", Long.MAX_VALUE))), ErrorCode.INVALID_ARGUMENT, "at most 2^48 bytes");
        assertRefused(() -> client.call("UploadFlows", Map.of("node_id", (long) node, "sequence", 11L, "records", "x")),
                ErrorCode.INVALID_ARGUMENT, "must be an array");
        assertRefused(() -> client.call("UploadFlows", "not a batch"), ErrorCode.INVALID_ARGUMENT, "must be a struct");

        assertThat(flowsTo(address)).isEqualTo(before);
        assertThat(struct(client.call("UploadFlows", FlowWire.toWire(batch(node, 11, address, 5)))))
                .containsEntry("stored", 5L);
        List<Map<String, Object>> refusals = rows(testing.operator(PlcClient.Encoding.JSON).call("GetEvents",
                Map.of("call_name", "UploadFlows")));
        assertThat(refusals).hasSizeGreaterThanOrEqualTo(10).allSatisfy(event -> assertThat((Long) event.get("fault_code"))
                .isNotZero());
    }

    @Test
    void queryFieldsTakeSqlMetacharactersAsValues() {
        PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
        assertRefused(() -> operator.call("WhoSentThis", question("1.1.1.1'; DROP TABLE batches; --")),
                ErrorCode.INVALID_ARGUMENT, "remote_address");
        assertRefused(() -> operator.call("WhoSentThis", question("::::::::::::::")), ErrorCode.INVALID_ARGUMENT,
                "not an IP address literal");
        assertRefused(() -> operator.call("GetSliceFlows", "audit_x' OR '1'='1", 0L, 10L, null),
                ErrorCode.INVALID_ARGUMENT, "slice_id_or_name");
        assertRefused(() -> operator.call("GetSliceFlows", "audit_demo", 10L, 0L, null), ErrorCode.INVALID_ARGUMENT,
                "ends before it starts");
        assertRefused(() -> operator.call("GetComplaints", Map.of("status", "open' OR 1=1")),
                ErrorCode.INVALID_ARGUMENT, "status");
        assertThat(struct(operator.call("WhoSentThis", question("2001:db8::99"))).get("flows")).isEqualTo(List.of());
    }

    private static long flowsTo(String address) {
        return rows(struct(testing.operator(PlcClient.Encoding.JSON).call("WhoSentThis", question(address)))
                .get("flows")).size();
    }

    private static Map<String, Object> question(String address) {
        Map<String, Object> question = new LinkedHashMap<>();
        question.put("remote_address", address);
        question.put("start", BASE / 1000 - 3_600);
        question.put("end", System.currentTimeMillis() / 1000 + 60);
        question.put("limit", 1_000L);
        return question;
    }

    private static FlowBatch batch(int node, long sequence, String address, int count) {
        List<FlowRecord> records = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            records.add(Flows.flow(node, (int) registry.sliceId, "audit_demo", BASE + sequence * 1_000 + index, address,
                    443, 100 + index));
        }
        return new FlowBatch(node, sequence, records);
    }

    /** The batch's wire form with its records changed as a hostile node would. */
    private static Map<String, Object> edited(FlowBatch batch, Consumer<Map<String, Object>> change) {
        Map<String, Object> wire = new LinkedHashMap<>(FlowWire.toWire(batch));
        List<Object> records = new ArrayList<>();
        for (Map<String, Object> record : rows(wire.get(FlowWire.RECORDS))) {
            Map<String, Object> copy = new LinkedHashMap<>(record);
            change.accept(copy);
            records.add(copy);
        }
        wire.put(FlowWire.RECORDS, records);
        return wire;
    }

    private static void assertRefused(Runnable call, ErrorCode code, String message) {
        assertThatThrownBy(call::run).isInstanceOf(PlanetLabException.class).hasMessageContaining(message)
                .extracting(e -> ((PlanetLabException) e).code()).isEqualTo(code);
    }
}
