package org.planetlab.plc.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.audit.FlowWire;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.Bootstrap;
import org.planetlab.plc.Plc;
import org.planetlab.plc.PlcConfig;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.NodeRequestAuthenticator;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.TestingClock;

/**
 * PLC stopped between uploads and started again on the same data directory: the batches the
 * node resends are stored once, and the mail of a complaint recorded before the restart (when no
 * mail server was configured) leaves after it, once.
 */
class PlcRestartTest {
    private static final NodeRequestAuthenticator NO_SIGNATURES = (handle, request) -> {
        throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, "node signatures are not set up in this test");
    };

    @TempDir
    Path dataDir;

    @Test
    void uploadsAndComplaintMailSurviveARestartExactlyOnce() throws Exception {
        TestingClock clock = new TestingClock(Instant.now());
        long nodeId;
        long siteId;
        long sliceId;
        long start = clock.millis() - 60_000;
        try (Plc plc = Plc.start(config(Map.of()), clock, new SecureRandom(), NO_SIGNATURES, true)) {
            new Bootstrap(plc).createOperator("op@plc.test", "operator-password-1", "Olive", "Operator");
            PlcClient operator = PlcClient.create(java.net.URI.create("http://127.0.0.1:" + plc.port()),
                    new Credentials.Password("op@plc.test", "operator-password-1"), PlcClient.Encoding.JSON);
            Registry registry = new Registry(operator);
            siteId = registry.site("restart");
            nodeId = registry.node(siteId, "node1.restart.test", "10.7.0.1");
            Map<String, Object> person = new LinkedHashMap<>(Map.of("email", "rita@restart.test", "first_name", "Rita",
                    "last_name", "Researcher", "password", "password-of-rita", "enabled", true));
            operator.call("AddPerson", person);
            operator.call("AddPersonToSite", "rita@restart.test", siteId);
            operator.call("AddRoleToPerson", "user", "rita@restart.test");
            sliceId = (Long) operator.call("AddSlice", Map.of("name", "restart_demo", "url", "https://r.test/",
                    "description", "survives restarts"));
            operator.call("AddPersonToSlice", "rita@restart.test", "restart_demo");
            Caller node = Caller.node(nodeId, siteId, "session", Optional.empty());
            for (long sequence = 1; sequence <= 3; sequence++) {
                plc.audit().uploads().store(node, Flows.batch((int) nodeId, sequence, (int) sliceId, "restart_demo",
                        start + sequence * 1_000, 100));
            }
            Map<String, Object> complaint = new LinkedHashMap<>();
            complaint.put("slice_id", sliceId);
            complaint.put("node_id", nodeId);
            complaint.put("reporter_name", "Rob Reporter");
            complaint.put("reporter_email", "rob@victim.test");
            complaint.put("text", "flood");
            complaint.put("flow", FlowWire.toWire(Flows.flow((int) nodeId, (int) sliceId, "restart_demo", start,
                    "192.0.2.1", 53, 100)));
            plc.dispatcher().invokeAs(node, "AddComplaint", List.of(complaint));
            assertThat(plc.mail().complaints().deliverDue()).isZero();
        }

        int port = freePort();
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        clock.advance(Duration.ofHours(2));
        try (Plc plc = Plc.start(config(Map.of("mail.smtp-host", "127.0.0.1", "mail.smtp-port", Integer.toString(port),
                "mail.from", "plc@plc.test")), clock, new SecureRandom(), NO_SIGNATURES, true)) {
            Caller node = Caller.node(nodeId, siteId, "session", Optional.empty());
            int stored = 0;
            // The node cannot know whether batch 3 arrived before PLC stopped: it sends 2 to 5.
            for (long sequence = 2; sequence <= 5; sequence++) {
                stored += plc.audit().uploads().store(node, Flows.batch((int) nodeId, sequence, (int) sliceId,
                        "restart_demo", start + sequence * 1_000, 100)).stored();
            }
            assertThat(stored).isEqualTo(200);
            assertThat(plc.audit().archive().flows(new FlowQuery(Optional.empty(), OptionalInt.of((int) sliceId),
                    start - 60_000, clock.millis(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(),
                    FlowArchive.MAX_ANSWER))).hasSize(500);
            // The sender delivers on its own after the start; wait for it, then try to make it send again.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (smtp.getReceivedMessages().length == 0 && System.nanoTime() < deadline) {
                plc.mail().complaints().deliverDue();
                smtp.waitForIncomingEmail(100, 1);
            }
            plc.mail().complaints().deliverDue();
            assertThat(smtp.getReceivedMessages()).hasSize(1);
            assertThat(smtp.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo("rita@restart.test");
        } finally {
            smtp.stop();
        }
    }

    private PlcConfig config(Map<String, String> extra) {
        Map<String, String> settings = new LinkedHashMap<>(Map.of("port", "0", "password-hash-memory-kib", "64",
                "tls", "false"));
        settings.putAll(extra);
        return PlcConfig.fromDataDir(dataDir, settings);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
