package org.planetlab.plc.release.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.testing.AgentHeartbeat;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;
import org.planetlab.trust.release.ReleaseXml;

/**
 * A rollout over the wire, on both stores: waves from a node group, a percentage and the rest;
 * only open waves' nodes are offered the release; a wave opens when the open ones report the
 * release healthy and their agents' heartbeats name it without errors; pause and resume; a missed deadline and a node's own rollback pause it and
 * mail the operators; one call takes every node back; only operators act, nodes only report, and
 * hostile waves are refused with nothing stored.
 */
class RolloutServiceTest {
    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void wavesGatesPauseResumeAndRollback(StoreKind store) throws Exception {
        int port = freePort();
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try (DatagramSocket podPort = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                TestingPlc testing = TestingPlc.start(store, Clock.systemUTC(), Map.of("mail.smtp-host", "127.0.0.1",
                "mail.smtp-port", Integer.toString(port), "mail.from", "plc@plc.test", "mail.support", "support@plc.test",
                "reboot.pod-port", Integer.toString(podPort.getLocalPort())))) {
            PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
            Registry registry = new Registry(operator);
            long site = registry.site("waves");
            PlcClient tech = operator.as(registry.person("tech@waves.org", "tech", site));
            long[] nodes = new long[4];
            PlcClient[] node = new PlcClient[4];
            for (int index = 0; index < 4; index++) {
                nodes[index] = registry.node(site, "n" + (index + 1) + ".waves.org", "10.8.0." + (index + 1));
                node[index] = testing.client(testing.nodeSession(nodes[index]), PlcClient.Encoding.JSON);
            }
            operator.call("AddTagType", Map.of("tagname", "deployment", "description", "rollout group", "category", "node/rollout"));
            operator.call("AddNodeTag", nodes[0], "deployment", "canary");
            operator.call("AddNodeGroup", "canary", "deployment", "canary");
            operator.call("AddRelease", "good", List.of(file("start-node-agent", "good")));
            assertThat(offered(node[2])).as("before any rollout: the newest release").isEqualTo(1);
            operator.call("AddRelease", "better", List.of(file("start-node-agent", "better")));

            refused(() -> tech.call("StartRollout", 2, List.of("rest")), ErrorCode.PERMISSION_DENIED);
            refused(() -> node[0].call("StartRollout", 2, List.of("rest")), ErrorCode.PERMISSION_DENIED);
            refused(() -> operator.call("ReportNodeRelease", report(2, true)), ErrorCode.PERMISSION_DENIED);
            refused(() -> operator.call("StartRollout", 2, List.of("group:nosuch")), ErrorCode.NOT_FOUND);
            refused(() -> operator.call("StartRollout", 2, List.of("nodes:ghost.waves.org")), ErrorCode.NOT_FOUND);
            refused(() -> operator.call("StartRollout", 2, List.of("rest", "50%")), ErrorCode.INVALID_ARGUMENT);
            refused(() -> operator.call("StartRollout", 2, List.of("150%")), ErrorCode.INVALID_ARGUMENT);
            refused(() -> operator.call("StartRollout", 2, List.of("group:x' OR '1'='1")), ErrorCode.INVALID_ARGUMENT);
            refused(() -> operator.call("StartRollout", 2, List.of("group:canary", "25%")), ErrorCode.INVALID_ARGUMENT);
            refused(() -> operator.call("StartRollout", 2, List.of()), ErrorCode.INVALID_ARGUMENT);
            refused(() -> operator.call("StartRollout", 99, List.of("rest")), ErrorCode.NOT_FOUND);
            refused(() -> operator.call("PauseRollout"), ErrorCode.NOT_FOUND);
            assertThat(Registry.rows(operator.call("GetRollouts"))).as("nothing stored by the refusals").isEmpty();

            long rollout = (Long) operator.call("StartRollout", 2, List.of("group:canary", "50%"), 600);
            refused(() -> operator.call("StartRollout", 2, List.of("rest")), ErrorCode.INVALID_ARGUMENT);
            Map<String, Object> status = latest(operator);
            assertThat(status).containsEntry("rollout_id", rollout).containsEntry("from_release", 1L)
                    .containsEntry("state", "running").containsEntry("wave", 0L);
            assertThat(Registry.rows(status.get("waves"))).extracting(wave -> wave.get("node_ids"))
                    .containsExactly(List.of(nodes[0]), List.of(nodes[1]), List.of(nodes[2], nodes[3]));
            assertThat(offered(node[0])).as("the canary's wave is open").isEqualTo(2);
            assertThat(offered(node[1])).as("the second wave waits").isEqualTo(1);

            // The boot manager's report alone is not enough: the monitor's heartbeats must show the
            // release's agent, and no errors.
            node[0].call("ReportNodeRelease", report(2, true));
            assertThat(latest(operator)).as("no heartbeat yet").containsEntry("wave", 0L);
            node[0].call("ReportHeartbeat", AgentHeartbeat.of(Clock.systemUTC(), "1.0 release 1", List.of()));
            node[0].call("ReportNodeRelease", report(2, true));
            assertThat(latest(operator)).as("the heartbeats name the agent of release 1").containsEntry("wave", 0L);
            node[0].call("ReportHeartbeat", AgentHeartbeat.of(Clock.systemUTC(), "1.0 release 2", List.of("sliver s: start failed")));
            node[0].call("ReportNodeRelease", report(2, true));
            assertThat(latest(operator)).as("the heartbeats report an error").containsEntry("wave", 0L);
            healthy(node[0], 2);
            assertThat(passing(operator, "wave", 1L)).as("the canary passed: wave 2 opens").containsEntry("wave", 1L);
            assertThat(offered(node[1])).isEqualTo(2);
            assertThat(offered(node[2])).isEqualTo(1);

            operator.call("PauseRollout");
            refused(() -> operator.call("PauseRollout"), ErrorCode.INVALID_ARGUMENT);
            refused(() -> tech.call("ResumeRollout"), ErrorCode.PERMISSION_DENIED);
            healthy(node[0], 2);
            healthy(node[1], 2);
            assertThat(latest(operator)).as("paused: no wave opens").containsEntry("state", "paused").containsEntry("wave", 1L);
            operator.call("ResumeRollout");
            healthy(node[0], 2);
            healthy(node[1], 2);
            assertThat(passing(operator, "wave", 2L)).containsEntry("state", "running").containsEntry("wave", 2L);

            healthy(node[0], 2);
            healthy(node[1], 2);
            healthy(node[2], 2);
            checkGatesAt(testing, testing.plc().mutations().now() + 601);
            Map<String, Object> late = latest(operator);
            assertThat(late).containsEntry("state", "paused");
            assertThat((String) late.get("reason")).contains("within 600 s").contains("n4.waves.org (no heartbeat since the rollout began)")
                    .doesNotContain("n3.waves.org");
            awaitMail(testing, smtp, 2);
            MimeMessage letter = smtp.getReceivedMessages()[0];
            assertThat(letter.getSubject()).isEqualTo("PlanetLab: rollout " + rollout + " of release 2 paused");
            assertThat(GreenMailUtil.getBody(letter)).contains("n4.waves.org").contains("pl release rollback");
            assertThat(recipients(letter)).containsExactlyInAnyOrder(TestingPlc.OPERATOR_EMAIL, "support@plc.test");

            operator.call("ResumeRollout");
            for (PlcClient each : node) {
                healthy(each, 2);
            }
            assertThat(passing(operator, "state", "completed")).containsEntry("state", "completed");
            assertThat(offered(node[3])).isEqualTo(2);

            operator.call("AddRelease", "broken", List.of(file("start-node-agent", "exit 1")));
            assertThat(offered(node[3])).as("after a rollout, a published release waits for its own").isEqualTo(2);
            long second = (Long) operator.call("StartRollout", 3, List.of("nodes:N1.waves.org"));
            assertThat(latest(operator)).containsEntry("from_release", 2L).containsEntry("gate_seconds", 1800L);
            assertThat(offered(node[0])).isEqualTo(3);
            Map<String, Object> failed = report(2, true);
            failed.put("failed_release", 3L);
            failed.put("message", "agent of release 3 exited with status 1 within its health check; back on release 2");
            node[0].call("ReportNodeRelease", failed);
            Map<String, Object> stopped = latest(operator);
            assertThat(stopped).as("stopped after the first wave").containsEntry("rollout_id", second)
                    .containsEntry("state", "paused").containsEntry("wave", 0L);
            assertThat((String) stopped.get("reason")).contains("n1.waves.org rolled release 3 back by itself")
                    .contains("exited with status 1");
            assertThat(offered(node[1])).isEqualTo(2);
            awaitMail(testing, smtp, 4);

            refused(() -> tech.call("RollbackRelease"), ErrorCode.PERMISSION_DENIED);
            assertThat(operator.call("RollbackRelease")).as("release 2's files as release 4").isEqualTo(4L);
            Map<String, Object> back = latest(operator);
            assertThat(back).containsEntry("state", "rolled_back").containsEntry("rollback_release", 4L);
            for (PlcClient each : node) {
                assertThat(offered(each)).as("every node is offered the earlier files").isEqualTo(4);
            }
            refused(() -> operator.call("StartRollout", 3, List.of("rest")), ErrorCode.INVALID_ARGUMENT);
            refused(() -> operator.call("ResumeRollout"), ErrorCode.INVALID_ARGUMENT);

            crashesSinceTheWaveOpenedFailItsGate(operator, testing, smtp, node, testing.client(testing.nodeSession(
                    registry.node(site, "n5.waves.org", "127.0.0.1")), PlcClient.Encoding.JSON));
        } finally {
            smtp.stop();
        }
    }

    /**
     * A node that crashed since its wave opened fails the gate however healthy it looks again: its
     * agent exited by itself and its boot manager started it again, or it booted without a reboot
     * PLC was asked for. A boot after RebootNode is no crash.
     */
    private static void crashesSinceTheWaveOpenedFailItsGate(PlcClient operator, TestingPlc testing, GreenMail smtp,
            PlcClient[] node, PlcClient local) {
        operator.call("AddRelease", "crashy", List.of(file("start-node-agent", "crashy")));
        long rollout = (Long) operator.call("StartRollout", 5, List.of("nodes:n2.waves.org", "nodes:n5.waves.org", "rest"), 600);
        node[1].call("ReportHeartbeat", AgentHeartbeat.of(Clock.systemUTC(), "1.0 release 5", List.of()));
        Map<String, Object> restarted = report(5, true);
        restarted.put("agent_exit_status", 134L);
        restarted.put("message", "node agent exited with status 134; started again, agent running, 1 slivers");
        node[1].call("ReportNodeRelease", restarted);
        Map<String, Object> crashed = latest(operator);
        assertThat(crashed).as("the restarted agent looks healthy, but it crashed").containsEntry("rollout_id", rollout)
                .containsEntry("state", "paused").containsEntry("wave", 0L);
        assertThat((String) crashed.get("reason")).contains("n2.waves.org: its agent on release 5 crashed (exit status 134)");
        awaitMail(testing, smtp, 6);

        // PLC's times are whole seconds: the resume must come after the crash's second to leave it behind.
        nextSecond(testing);
        operator.call("ResumeRollout");
        healthy(node[1], 5);
        assertThat(passing(operator, "wave", 1L)).as("a crash before the resume is not held against the wave")
                .containsEntry("state", "running").containsEntry("wave", 1L);

        operator.call("RebootNode", "n5.waves.org");
        local.call("ReportRunlevel", Map.of("run_level", "boot"));
        healthy(local, 5);
        assertThat(passing(operator, "wave", 2L)).as("a boot after RebootNode is no crash").containsEntry("state", "running")
                .containsEntry("wave", 2L);

        node[3].call("ReportRunlevel", Map.of("run_level", "boot"));
        healthy(node[0], 5);
        healthy(node[2], 5);
        healthy(node[3], 5);
        Map<String, Object> rebooted = latest(operator);
        assertThat(rebooted).as("n4 booted by itself during its wave").containsEntry("state", "paused").containsEntry("wave", 2L);
        assertThat((String) rebooted.get("reason")).contains("n4.waves.org booted again at")
                .contains("without a reboot PLC was asked for").doesNotContain("n1.waves.org").doesNotContain("n5.waves.org");
    }

    /** Returns once PLC's clock has passed the second it is in now. */
    private static void nextSecond(TestingPlc testing) {
        long now = testing.plc().mutations().now();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (testing.plc().mutations().now() <= now && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        assertThat(testing.plc().mutations().now()).as("PLC's clock moved on").isGreaterThan(now);
    }

    private static long offered(PlcClient node) {
        Map<String, Object> metadata = Registry.struct(node.call("GetNodeRelease"));
        return ReleaseXml.parse((String) metadata.get("release")).release().number();
    }

    private static Map<String, Object> latest(PlcClient operator) {
        return Registry.rows(operator.call("GetRollouts")).getFirst();
    }

    /**
     * The newest rollout once its {@code key} is {@code value}, or after 15 s. A wave that passes
     * may pass a moment after the report that completed it: a heartbeat the monitor is writing is
     * in neither its memory nor the store until the write commits, and the gates' timer checks
     * again every second.
     */
    private static Map<String, Object> passing(PlcClient operator, String key, Object value) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        Map<String, Object> latest = latest(operator);
        while (!value.equals(latest.get(key)) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            latest = latest(operator);
        }
        return latest;
    }

    /** What a healthy node on {@code release} sends: its agent's heartbeat, then its boot manager's report. */
    private static void healthy(PlcClient node, long release) {
        node.call("ReportHeartbeat", AgentHeartbeat.of(Clock.systemUTC(), "1.0 release " + release, List.of()));
        node.call("ReportNodeRelease", report(release, true));
    }

    private static Map<String, Object> report(long release, boolean healthy) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("release_number", release);
        report.put("healthy", healthy);
        report.put("slivers_converged", true);
        return report;
    }

    private static void checkGatesAt(TestingPlc testing, long when) {
        testing.plc().mutations().run(Caller.INTERNAL, "CheckRolloutGates", List.of(), when,
                mutation -> testing.plc().rollouts().service().evaluate(mutation));
    }

    private static void awaitMail(TestingPlc testing, GreenMail smtp, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!smtp.waitForIncomingEmail(200, count) && System.nanoTime() < deadline) {
            testing.plc().rollouts().outbox().deliverDue();
        }
        assertThat(smtp.getReceivedMessages()).as("deliveries").hasSize(count);
    }

    private static List<String> recipients(MimeMessage message) {
        try {
            return java.util.Arrays.stream(message.getAllRecipients()).map(Object::toString).toList();
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, Object> file(String name, String content) {
        return Map.of("name", name, "content", Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)));
    }

    private static void refused(Runnable call, ErrorCode code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
