package org.planetlab.plc.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingClock;
import org.planetlab.plc.testing.TestingPlc;

/**
 * The monitor's policy for a node that stays down, with a clock the test moves and a real SMTP
 * server: the site's technical contacts are mailed after a day, its PIs after three, and after a
 * week the site may create no new slices; each mail arrives once, in order; the node's return ends
 * it all and lifts the restriction; mail still unsent when the node returns is never sent.
 */
class EscalationTest {
    private static final long T0 = 1_800_000_000L;

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aNodeThatStaysDownEscalatesStepByStepOnceEachAndItsReturnEndsIt(StoreKind store) throws Exception {
        TestingClock clock = new TestingClock(Instant.ofEpochSecond(T0));
        int port = freePort();
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try (TestingPlc testing = TestingPlc.start(store, clock, mail(port))) {
            PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
            Registry registry = new Registry(operator);
            long siteId = registry.site("esc");
            long nodeId = registry.node(siteId, "lost.esc.org", "10.8.0.1");
            PlcClient tech = operator.as(registry.person("tech@esc.org", "tech", siteId));
            PlcClient pi = operator.as(registry.person("pi@esc.org", "pi", siteId));
            PlcClient user = operator.as(registry.person("user@esc.org", "user", siteId));
            long otherSite = registry.site("calm");
            PlcClient otherPi = operator.as(registry.person("pi@calm.org", "pi", otherSite));
            EscalationService escalations = testing.plc().monitoring().escalations();

            heartbeat(testing, clock, nodeId, 1);
            testing.plc().monitoring().availability().tick();
            clock.advance(Duration.ofSeconds(30));
            testing.plc().monitoring().availability().markSilentNodesDown();

            clock.advance(Duration.ofHours(23));
            escalations.escalate();
            assertThat(notifications(tech)).isEmpty();

            clock.advance(Duration.ofHours(2));
            escalateUntil(escalations, () -> notifications(tech).size() == 1);
            escalations.escalate();
            deliver(testing);
            assertThat(notifications(tech)).singleElement().satisfies(step -> {
                assertThat(step).containsEntry("step", "notify_tech").containsEntry("node_id", nodeId)
                        .containsEntry("down_since", T0).containsEntry("ended_at", null);
            });
            awaitMail(testing, smtp, 1);
            assertThat(recipients(smtp.getReceivedMessages()[0])).containsExactly("tech@esc.org");
            assertThat(smtp.getReceivedMessages()[0].getSubject()).isEqualTo("[PlanetLab] node lost.esc.org has been down for 25 hours");

            clock.advance(Duration.ofHours(48));
            escalateUntil(escalations, () -> notifications(tech).size() == 2);
            deliver(testing);
            awaitMail(testing, smtp, 3);
            // One message to both, delivered to each mailbox.
            assertThat(recipients(withSubject(smtp, "[PlanetLab] node lost.esc.org has been down for 73 hours")))
                    .containsExactlyInAnyOrder("pi@esc.org", "tech@esc.org");
            pi.call("AddSlice", Map.of("name", "esc_before", "url", "https://esc.org", "description", "made while the node is down"));

            clock.advance(Duration.ofHours(96));
            escalateUntil(escalations, () -> notifications(tech).size() == 3);
            assertThat(notifications(pi).getFirst()).containsEntry("step", "restrict_site");
            assertThatThrownBy(() -> pi.call("AddSlice", Map.of("name", "esc_after", "url", "https://esc.org",
                    "description", "refused")))
                    .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED))
                    .hasMessageContaining("site esc may create no new slices").hasMessageContaining("lost.esc.org");
            operator.call("AddSlice", Map.of("name", "esc_by_support", "url", "https://esc.org", "description", "support may"));
            otherPi.call("AddSlice", Map.of("name", "calm_fine", "url", "https://calm.org", "description", "another site"));
            assertThat(notifications(otherPi)).as("another site's PI sees only its own sites'").isEmpty();
            assertThatThrownBy(() -> otherPi.call("GetNotifications", "esc")).isInstanceOf(PlanetLabException.class)
                    .hasMessageContaining("its own sites only");
            assertThatThrownBy(() -> user.call("GetNotifications")).isInstanceOf(PlanetLabException.class);

            // Running again takes no step twice.
            escalations.escalate();
            deliver(testing);
            awaitMail(testing, smtp, 5);
            assertThat(notifications(operator)).hasSize(3);

            // The node returns: every step ends, the site is told, and may create slices again.
            heartbeat(testing, clock, nodeId, 2);
            testing.plc().monitoring().availability().tick();
            escalateUntil(escalations, () -> notifications(tech).stream().allMatch(step -> step.get("ended_at") != null));
            assertThat(Registry.rows(tech.call("GetNotifications", null, true))).isEmpty();
            deliver(testing);
            awaitMail(testing, smtp, 7);
            assertThat(recipients(withSubject(smtp, "[PlanetLab] lost.esc.org is back: your site may create slices again")))
                    .containsExactlyInAnyOrder("pi@esc.org", "tech@esc.org");
            assertThat(recipients(withSubject(smtp, "[PlanetLab] site esc may create no new slices: node lost.esc.org"
                    + " down for 169 hours"))).containsExactlyInAnyOrder("pi@esc.org", "tech@esc.org");
            pi.call("AddSlice", Map.of("name", "esc_after", "url", "https://esc.org", "description", "allowed again"));
            escalations.escalate();
            deliver(testing);
            assertThat(smtp.getReceivedMessages()).as("nothing more, nothing twice").hasSize(7);
        } finally {
            smtp.stop();
        }
    }

    @Test
    void mailStillUnsentWhenTheNodeReturnsIsNeverSent() throws Exception {
        TestingClock clock = new TestingClock(Instant.ofEpochSecond(T0));
        int port = freePort();
        // No mail server at first: the technical contacts' mail cannot leave.
        try (TestingPlc testing = TestingPlc.start(StoreKind.SQLITE, clock, mail(port))) {
            PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
            Registry registry = new Registry(operator);
            long siteId = registry.site("flaky");
            long nodeId = registry.node(siteId, "blip.flaky.org", "10.8.1.1");
            PlcClient tech = operator.as(registry.person("tech@flaky.org", "tech", siteId));
            EscalationService escalations = testing.plc().monitoring().escalations();
            heartbeat(testing, clock, nodeId, 1);
            testing.plc().monitoring().availability().tick();
            clock.advance(Duration.ofSeconds(30));
            testing.plc().monitoring().availability().markSilentNodesDown();
            clock.advance(Duration.ofHours(25));
            escalateUntil(escalations, () -> notifications(tech).size() == 1);
            deliver(testing);
            assertThat(mailOf(notifications(tech).getFirst())).singleElement()
                    .satisfies(mail -> assertThat(mail).containsEntry("sent_at", null).containsEntry("cancelled_at", null));

            heartbeat(testing, clock, nodeId, 2);
            testing.plc().monitoring().availability().tick();
            escalateUntil(escalations, () -> notifications(tech).getFirst().get("ended_at") != null);
            GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            try {
                clock.advance(Duration.ofHours(2));
                assertThat(testing.plc().mail().escalations().deliverDue()).isZero();
                assertThat(smtp.getReceivedMessages()).isEmpty();
                assertThat(mailOf(notifications(tech).getFirst())).singleElement()
                        .satisfies(mail -> assertThat(mail.get("cancelled_at")).isNotNull());
            } finally {
                smtp.stop();
            }
        }
    }

    @Test
    void thresholdsOutOfOrderOrUnknownKeysAreRefusedByName() {
        assertThatThrownBy(() -> MonitorSettings.from(Map.of("notify-tech-after-hours", "100")))
                .hasMessageContaining("monitor.notify-tech-after-hours (100) <= monitor.notify-pi-after-hours (72)");
        assertThatThrownBy(() -> MonitorSettings.from(Map.of("notify-after", "1")))
                .hasMessageContaining("unknown monitor configuration keys [monitor.notify-after]");
        assertThatThrownBy(() -> MonitorSettings.from(Map.of("silence-seconds", "soon")))
                .hasMessageContaining("monitor.silence-seconds must be a whole number");
        assertThat(MonitorSettings.from(Map.of("notify-tech-after-hours", "2", "notify-pi-after-hours", "4",
                "restrict-site-after-hours", "8")).after(EscalationStep.NOTIFY_PI)).isEqualTo(Duration.ofHours(4));
        // A testbed sees its escalation within a minute: thresholds in seconds, still in order and one key per step.
        MonitorSettings quick = MonitorSettings.from(Map.of("notify-tech-after-seconds", "30", "notify-pi-after-seconds", "40",
                "restrict-site-after-seconds", "50"));
        assertThat(quick.after(EscalationStep.RESTRICT_SITE)).isEqualTo(Duration.ofSeconds(50));
        assertThat(MonitorSettings.describe(quick.notifyTechAfter())).isEqualTo("30 seconds");
        assertThatThrownBy(() -> MonitorSettings.from(Map.of("notify-tech-after-seconds", "30", "notify-tech-after-hours", "1")))
                .hasMessageContaining("set monitor.notify-tech-after-hours or monitor.notify-tech-after-seconds, not both");
        assertThatThrownBy(() -> MonitorSettings.from(Map.of("notify-tech-after-seconds", "90", "notify-pi-after-seconds", "60",
                "restrict-site-after-seconds", "120")))
                .hasMessageContaining("monitor.notify-tech-after-seconds (90) <= monitor.notify-pi-after-seconds (60)");
        assertThatThrownBy(() -> MonitorSettings.from(Map.of("notify-tech-after-seconds", "0")))
                .hasMessageContaining("monitor.notify-tech-after-seconds must be 1 to");
    }

    private static Map<String, String> mail(int port) {
        return Map.of("mail.smtp-host", "127.0.0.1", "mail.smtp-port", Integer.toString(port), "mail.from", "plc@plc.test",
                "mail.timeout-seconds", "20");
    }

    /** The node's heartbeat now, over a session of its own (one opened days before has expired). */
    private static void heartbeat(TestingPlc testing, TestingClock clock, long nodeId, long sequence) {
        PlcClient node = testing.client(testing.nodeSession(nodeId), PlcClient.Encoding.XML_RPC);
        node.call("ReportHeartbeat", HeartbeatsTest.heartbeat(clock.instant().getEpochSecond(), sequence, "boot"));
    }

    /** Delivers what is due now, also what the background sender claimed and failed (its lease then ran out). */
    private static void deliver(TestingPlc testing) {
        testing.plc().mail().escalations().deliverDue();
    }

    private static List<Map<String, Object>> notifications(PlcClient caller) {
        return Registry.rows(caller.call("GetNotifications"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> mailOf(Map<String, Object> notification) {
        return (List<Map<String, Object>>) notification.get("mail");
    }

    /** PLC's own timer runs the escalation too; whichever run takes the step, the state is what counts. */
    private static void escalateUntil(EscalationService escalations, Supplier<Boolean> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            escalations.escalate();
            if (done.get()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the escalation did not reach the expected state within 10 s");
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    /**
     * Waits for {@code count} messages in all, delivering what is due meanwhile (PLC's own sender
     * may be slower), then until PLC has marked every message sent: the test moves the clock by
     * days, which would otherwise end the lease of a message whose mark is still being written.
     */
    private static void awaitMail(TestingPlc testing, GreenMail smtp, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!smtp.waitForIncomingEmail(200, count) && System.nanoTime() < deadline) {
            testing.plc().mail().escalations().deliverDue();
        }
        assertThat(smtp.getReceivedMessages()).as("exactly %d messages: %s", count, describe(smtp)).hasSize(count);
        PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
        while (notifications(operator).stream().flatMap(step -> mailOf(step).stream())
                .anyMatch(mail -> mail.get("sent_at") == null && mail.get("cancelled_at") == null)) {
            assertThat(System.nanoTime()).as("every message marked sent").isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    private static List<String> describe(GreenMail smtp) {
        List<String> messages = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            try {
                messages.add(message.getSubject() + " to " + recipients(message));
            } catch (MessagingException e) {
                messages.add(e.toString());
            }
        }
        return messages;
    }

    /** The one message (as delivered to any of its recipients) with this subject. */
    private static MimeMessage withSubject(GreenMail smtp, String subject) throws MessagingException {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            if (subject.equals(message.getSubject())) {
                found.add(message);
            }
        }
        assertThat(found).as("messages with subject %s", subject).isNotEmpty();
        return found.getFirst();
    }

    private static List<String> recipients(MimeMessage message) {
        try {
            List<String> addresses = new ArrayList<>();
            for (var address : message.getRecipients(Message.RecipientType.TO)) {
                addresses.add(address.toString());
            }
            return addresses;
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
