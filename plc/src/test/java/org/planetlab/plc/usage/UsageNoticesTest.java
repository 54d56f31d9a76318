package org.planetlab.plc.usage;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingClock;
import org.planetlab.plc.testing.TestingPlc;

/**
 * A sliver past the day's threshold of bytes or CPU seconds tells its slice's users and its
 * site's PIs by mail, through a real SMTP server: once per sliver, day and measure however often
 * the check runs and however much more the sliver uses that day, again the next day; a slice's
 * {@code net_thresh_kbyte} tag moves its threshold. GetNotifications lists the notices with the
 * state of their mail. On both stores.
 */
class UsageNoticesTest {
    /** A UTC midnight. */
    private static final long T0 = 1_800_057_600L;

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aSliverPastItsDailyThresholdIsToldOncePerDayAndMeasure(StoreKind store) throws Exception {
        TestingClock clock = new TestingClock(Instant.ofEpochSecond(T0));
        int port = freePort();
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try (TestingPlc testing = TestingPlc.start(store, clock, Map.of("mail.smtp-host", "127.0.0.1", "mail.smtp-port",
                Integer.toString(port), "mail.from", "plc@plc.test", "mail.support", "support@plc.test",
                "usage.notify-bytes-per-day", "1000000", "usage.notify-cpu-seconds-per-day", "60"))) {
            PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
            Registry registry = new Registry(operator);
            long siteId = registry.site("ulab");
            long otherSite = registry.site("olab");
            long nodeId = registry.node(siteId, "a.ulab.org", "10.9.0.1");
            registry.person("user@ulab.org", "user", siteId);
            var pi = registry.person("pi@ulab.org", "pi", siteId);
            var otherPi = registry.person("pi@olab.org", "pi", otherSite);
            for (String slice : List.of("ulab_flood", "ulab_big")) {
                operator.call("AddSlice", Map.of("name", slice, "url", "https://ulab.org/", "description", "experiment"));
                operator.call("AddPersonToSlice", "user@ulab.org", slice);
                operator.call("AddSliceToNodes", slice, List.of(nodeId));
            }
            operator.call("AddTagType", Map.of("tagname", UsageNotices.BYTES_TAG));
            operator.call("AddSliceTag", "ulab_big", UsageNotices.BYTES_TAG, "10000");
            // A session of the node's own; the one of yesterday has expired by tomorrow.
            PlcClient node = testing.client(testing.nodeSession(nodeId), PlcClient.Encoding.JSON);
            UsageNotices notices = testing.plc().usage().notices();

            node.call("ReportUsage", UsageTest.report(T0, 1, UsageTest.sliver("ulab_flood", 100_000_000_000L, 800_000, 300_000, 10),
                    UsageTest.sliver("ulab_big", 1_000_000L, 2_000_000, 0, 10)));
            assertThat(notices.check()).as("flood past its bytes and CPU; big within its own 10,000 KiB").isEqualTo(2);
            assertThat(notices.check()).as("checked again, nothing new").isZero();
            // GreenMail keeps a copy of each message per recipient: two notices to two people.
            awaitMail(testing, smtp, 4);
            assertThat(smtp.getReceivedMessages()).extracting(MimeMessage::getSubject).containsOnly(
                    "[PlanetLab] slice ulab_flood passed its daily bandwidth threshold on a.ulab.org",
                    "[PlanetLab] slice ulab_flood passed its daily CPU threshold on a.ulab.org");
            for (MimeMessage message : smtp.getReceivedMessages()) {
                assertThat(recipients(message)).as("the slice's user and its site's PI").containsExactly("user@ulab.org", "pi@ulab.org");
            }
            assertThat(text(smtp.getReceivedMessages()[0])).contains("pl usage slice ulab_flood", "support@plc.test");

            clock.advance(Duration.ofSeconds(30));
            node.call("ReportUsage", UsageTest.report(T0 + 30, 2, UsageTest.sliver("ulab_flood", 190_000_000_000L, 9_600_000, 300_000, 20),
                    UsageTest.sliver("ulab_big", 1_000_000L, 12_000_000, 0, 10)));
            assertThat(notices.check()).as("big now past its own threshold; flood told already today").isEqualTo(1);
            awaitMail(testing, smtp, 6);
            assertThat(smtp.getReceivedMessages()[5].getSubject()).contains("ulab_big").contains("bandwidth");

            clock.advance(Duration.ofDays(1));
            long tomorrow = T0 + 86_430;
            node = testing.client(testing.nodeSession(nodeId), PlcClient.Encoding.JSON);
            node.call("ReportUsage", UsageTest.report(tomorrow, 3, UsageTest.sliver("ulab_flood", 190_000_000_000L, 11_600_000, 300_000, 30),
                    UsageTest.sliver("ulab_big", 1_000_000L, 12_000_001, 0, 11)));
            assertThat(notices.check()).as("a new day: flood past its bytes again, idle CPU, big quiet").isEqualTo(1);
            awaitMail(testing, smtp, 8);
            assertThat(smtp.getReceivedMessages()[7].getSubject()).contains("ulab_flood").contains("bandwidth");
            assertThat(notices.check()).isZero();

            // The notices are listed with the monitor's other notifications, newest first, with their mail.
            List<Map<String, Object>> listed = Registry.rows(testing.client(pi, PlcClient.Encoding.XML_RPC)
                    .call("GetNotifications"));
            var flood = org.assertj.core.groups.Tuple.tuple("usage", "ulab_flood", "bytes");
            assertThat(listed).extracting(row -> row.get("kind"), row -> row.get("slice_name"), row -> row.get("metric"))
                    .startsWith(flood, org.assertj.core.groups.Tuple.tuple("usage", "ulab_big", "bytes"))
                    .containsExactlyInAnyOrder(flood, flood, org.assertj.core.groups.Tuple.tuple("usage", "ulab_big", "bytes"),
                            org.assertj.core.groups.Tuple.tuple("usage", "ulab_flood", "cpu_seconds"));
            assertThat(listed.getFirst()).containsEntry("step", "notify_usage").containsEntry("node_id", nodeId)
                    .containsEntry("site_id", siteId).containsEntry("threshold", 1_000_000L);
            assertThat(listed.getFirst().get("ended_at")).as("today's notice is open").isNull();
            assertThat(listed.get(1)).containsEntry("ended_at", T0 + 86_400);
            assertThat(Registry.rows(listed.getFirst().get("mail"))).singleElement().satisfies(mail -> {
                assertThat(mail.get("recipients")).isEqualTo(List.of("user@ulab.org", "pi@ulab.org"));
                assertThat(mail.get("sent_at")).isNotNull();
            });
            // Open only: today's notice; another site's PI sees none of them.
            assertThat(Registry.rows(operator.call("GetNotifications", null, true))).singleElement()
                    .satisfies(row -> assertThat(row).containsEntry("notice_id", listed.getFirst().get("notice_id")));
            assertThat(Registry.rows(testing.client(otherPi, PlcClient.Encoding.JSON).call("GetNotifications")))
                    .isEmpty();
        } finally {
            smtp.stop();
        }
    }

    @org.junit.jupiter.api.Test
    void thresholdsAreReadFromTheUsageSection() {
        UsageSettings settings = UsageSettings.from(Map.of("notify-bytes-per-day", "5000000000", "notify-cpu-seconds-per-day", "3600"));
        assertThat(settings.notifyBytesPerDay()).isEqualTo(5_000_000_000L);
        assertThat(settings.notifyCpuSecondsPerDay()).isEqualTo(3600);
        assertThat(UsageSettings.DEFAULTS.notifyBytesPerDay()).as("bwmon's threshold").isEqualTo(8_640_000_000L);
        assertThatThrownBy(() -> UsageSettings.from(Map.of("notify-bytes-per-day", "-1"))).isInstanceOf(PlanetLabException.class)
                .hasMessageContaining("usage.notify-bytes-per-day");
    }

    /** Waits for {@code count} copies in all, delivering what is due meanwhile; then checks no more arrive. */
    private static void awaitMail(TestingPlc testing, GreenMail smtp, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!smtp.waitForIncomingEmail(200, count) && System.nanoTime() < deadline) {
            testing.plc().mail().usageNotices().deliverDue();
        }
        // The test moves the clock by a day: every message must be marked sent first, or its lease would run out.
        while (testing.plc().database().read(handle -> handle.createQuery("SELECT COUNT(*) FROM usage_mail WHERE sent_at IS NULL")
                .mapTo(Long.class).one()) > 0) {
            assertThat(System.nanoTime()).as("every message marked sent").isLessThan(deadline);
            testing.plc().mail().usageNotices().deliverDue();
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        assertThat(smtp.getReceivedMessages()).as("exactly %d copies", count).hasSize(count);
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

    private static String text(MimeMessage message) {
        try {
            return String.valueOf(message.getContent());
        } catch (MessagingException | IOException e) {
            throw new AssertionError(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
