package org.planetlab.plc.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.planetlab.plc.audit.AuditRegistry.rows;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.api.audit.FlowWire;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/**
 * A complaint filed through a node (for its page's anonymous reporter) or by a person is
 * recorded, reaches the slice's user, its site's PI and tech and support on a real SMTP server
 * exactly once, and is handled by operators and the site's PIs only, on both stores.
 */
class ComplaintTest {
    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aComplaintIsMailedOnceToTheSlicesPeopleAndHandledByItsSitesPi(StoreKind store) throws Exception {
        int port = freePort();
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Map<String, String> settings = Map.of("mail.smtp-host", "127.0.0.1", "mail.smtp-port", Integer.toString(port),
                "mail.from", "plc@plc.test", "mail.support", "support@plc.test",
                "audit.complaints-per-reporter-per-hour", "2");
        try (TestingPlc testing = TestingPlc.start(store, Clock.systemUTC(), settings)) {
            AuditRegistry registry = new AuditRegistry(testing);
            PlcClient node = registry.node(registry.nodeId, PlcClient.Encoding.JSON);
            long first = (Long) node.call("AddComplaint", complaint(registry, "abuse@victim.test",
                    "Port scan of our /24 at 03:00"));
            MimeMessage[] received = awaitMessages(smtp, 4);
            assertThat(received).hasSize(4);
            assertThat(Arrays.stream(received[0].getRecipients(Message.RecipientType.TO)).map(Object::toString))
                    .containsExactlyInAnyOrder("uma@audit.test", "paula@audit.test", "ted@audit.test", "support@plc.test");
            assertThat(received[0].getSubject()).isEqualTo("PlanetLab complaint " + first
                    + ": traffic of slice audit_demo from node1.audit.test");
            assertThat(received[0].getContent().toString()).contains("Port scan of our /24 at 03:00")
                    .contains("abuse@victim.test").contains("203.0.113.9 port 22");
            assertThat(testing.plc().mail().complaints().deliverDue()).isZero();
            assertThat(smtp.getReceivedMessages()).hasSize(4);

            PlcClient user = registry.as(registry.user, PlcClient.Encoding.XML_RPC);
            long second = (Long) user.call("AddComplaint", complaint(registry, "uma@audit.test", "seen from my lab"));
            assertThat(second).isGreaterThan(first);

            PlcClient pi = registry.as(registry.pi, PlcClient.Encoding.XML_RPC);
            List<Map<String, Object>> seen = rows(pi.call("GetComplaints"));
            assertThat(seen).extracting(row -> row.get("complaint_id")).containsExactly(second, first);
            Map<String, Object> filed = rows(pi.call("GetComplaints", Map.of("complaint_id", first))).getFirst();
            assertThat(filed).containsEntry("status", "open").containsEntry("slice_name", "audit_demo")
                    .containsEntry("reported_by_node_id", registry.nodeId).containsEntry("mailed", true);
            assertThat(FlowWire.recordFromWire(filed.get("flow"))).isEqualTo(flow(registry));
            assertThat(rows(registry.as(registry.otherPi, PlcClient.Encoding.JSON).call("GetComplaints"))).isEmpty();
            assertThatThrownBy(() -> registry.as(registry.otherPi, PlcClient.Encoding.JSON).call("UpdateComplaint",
                    first, Map.of("status", "closed"))).hasMessageContaining("only operators and the PIs");

            assertThat(pi.call("UpdateComplaint", first, Map.of("status", "closed", "note", "scan stopped"))).isEqualTo(1L);
            Map<String, Object> closed = rows(testing.operator(PlcClient.Encoding.JSON).call("GetComplaints",
                    Map.of("status", "closed"))).getFirst();
            assertThat(closed).containsEntry("complaint_id", first).containsEntry("note", "scan stopped")
                    .containsEntry("updated_by_person_id", registry.piId);
        } finally {
            smtp.stop();
        }
    }

    @ParameterizedTest
    @EnumSource(value = StoreKind.class, names = "SQLITE")
    void complaintsAreBoundedPerReporterByLengthAndToTheNodesOwnFlows(StoreKind store) {
        try (TestingPlc testing = TestingPlc.start(store, Clock.systemUTC(),
                Map.of("audit.complaints-per-reporter-per-hour", "2"))) {
            AuditRegistry registry = new AuditRegistry(testing);
            PlcClient node = registry.node(registry.nodeId, PlcClient.Encoding.XML_RPC);
            node.call("AddComplaint", complaint(registry, "Flood@Victim.test", "one"));
            node.call("AddComplaint", complaint(registry, "flood@victim.test", "two'); DROP TABLE complaints; --"));
            assertRefused(() -> node.call("AddComplaint", complaint(registry, "FLOOD@victim.test", "three")),
                    ErrorCode.QUOTA_EXCEEDED, "in the last hour");
            assertRefused(() -> node.call("AddComplaint", complaint(registry, "a@b.test", "x".repeat(4_001))),
                    ErrorCode.INVALID_ARGUMENT, "text");
            Map<String, Object> foreign = complaint(registry, "a@b.test", "not mine");
            foreign.put("node_id", registry.otherNodeId);
            foreign.put("flow", FlowWire.toWire(Flows.flow((int) registry.otherNodeId, (int) registry.sliceId,
                    "audit_demo", System.currentTimeMillis() - 60_000, "203.0.113.9", 22, 400)));
            assertRefused(() -> node.call("AddComplaint", foreign), ErrorCode.PERMISSION_DENIED, "only about its own flows");
            Map<String, Object> mismatched = complaint(registry, "a@b.test", "wrong slice");
            mismatched.put("slice_id", registry.otherSliceId);
            assertRefused(() -> node.call("AddComplaint", mismatched), ErrorCode.INVALID_ARGUMENT, "the flow is slice");
            List<Map<String, Object>> filed = rows(testing.operator(PlcClient.Encoding.JSON).call("GetComplaints"));
            assertThat(filed).hasSize(2).allSatisfy(row -> assertThat(row).containsEntry("mailed", false)
                    .containsEntry("reporter_email", "flood@victim.test"));
            assertThat(filed.getFirst()).containsEntry("text", "two'); DROP TABLE complaints; --");
        }
    }

    private static FlowRecord flow(AuditRegistry registry) {
        return new FlowRecord((int) registry.nodeId, (int) registry.sliceId, "audit_demo", FlowRecord.Direction.OUTBOUND,
                6, 1_700_000_000_000L, 1_700_000_001_000L, "10.0.0.2", 40_000, "198.51.100.1", 50_000, "203.0.113.9", 22,
                3, 180, 0, 0, 0x02, false);
    }

    private static Map<String, Object> complaint(AuditRegistry registry, String email, String text) {
        Map<String, Object> complaint = new LinkedHashMap<>();
        complaint.put("slice_id", registry.sliceId);
        complaint.put("node_id", registry.nodeId);
        complaint.put("reporter_name", "Victor Victim");
        complaint.put("reporter_email", email);
        complaint.put("text", text);
        complaint.put("flow", FlowWire.toWire(flow(registry)));
        return complaint;
    }

    private static void assertRefused(Runnable call, ErrorCode code, String message) {
        assertThatThrownBy(call::run).isInstanceOf(PlanetLabException.class).hasMessageContaining(message)
                .extracting(e -> ((PlanetLabException) e).code()).isEqualTo(code);
    }

    /** The messages the server holds once it holds {@code count} (one per recipient), within 10 s. */
    private static MimeMessage[] awaitMessages(GreenMail smtp, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (smtp.getReceivedMessages().length < count && System.nanoTime() < deadline) {
            smtp.waitForIncomingEmail(100, 1);
        }
        return smtp.getReceivedMessages();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
