package org.planetlab.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.client.PlcClient;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.privileged.Privileged;

/**
 * A testbed node rebooted by PLC's ping of death, then power cycled through its PCU (ipmi_sim):
 * each time its agent and everything of the node die, its kernel objects go, the agent starts
 * again and the demo slice's sliver comes back (a new process); PLC has the console of the run
 * before, the boot manager's lines with the agent's. A node whose processes all die is marked down by PLC's monitor within 30 s,
 * its site is mailed each step of the monitor's escalation once and in order (thresholds of seconds
 * here), the node's return ends the escalation, and its history keeps the outage.
 */
@Privileged
class TestbedRebootTest {
    private static final Duration REBOOT = Duration.ofSeconds(120);

    @TempDir
    static Path dataDir;

    private static final String SUPPORT = "support@" + TestbedLayout.DOMAIN;

    private static GreenMail smtp;
    private static Testbed testbed;
    private static TestbedLayout layout;
    private static Testbed.Started started;

    @BeforeAll
    static void up() throws IOException {
        // PLC mails the monitor's escalation to a real SMTP server; its steps come seconds apart, not days. An outage
        // starts at the node's last heartbeat and is seen ~25 s later (20 s of silence, then the watch), so the first
        // step is due about when PLC marks the node down and the others follow five seconds apart.
        int smtpPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            smtpPort = socket.getLocalPort();
        }
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        testbed = new Testbed(Path.of("..").toAbsolutePath().normalize(), HostCommand.onHost(), SliverImages.Kind.BUSYBOX,
                Map.of("mail.smtp-host", "127.0.0.1", "mail.smtp-port", Integer.toString(smtpPort),
                        "mail.from", "plc@" + TestbedLayout.DOMAIN, "mail.support", SUPPORT,
                        "monitor.notify-tech-after-seconds", "25", "monitor.notify-pi-after-seconds", "30",
                        "monitor.restrict-site-after-seconds", "35"));
        layout = new TestbedLayout(dataDir.resolve("testbed"), 1, "10.79.0", 18453, "pltr");
        started = testbed.up(layout, new PrintWriter(System.out, true));
    }

    @AfterAll
    static void down() {
        if (testbed != null) {
            testbed.down(layout.dataDir(), layout.prefix(), new PrintWriter(System.out, true));
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void aPingOfDeathRebootsTheNodeAndItsSliversComeBack() throws IOException {
        PlcClient operator = started.operator();
        TestbedLayout.TestbedNode node = layout.nodes().getFirst();
        SshProbe ssh = new SshProbe(layout.demoDir().resolve("id_ed25519"));
        assertThat(ssh.awaitLogins(TestbedSeed.SLICE, List.of(node.address()), REBOOT)).isTrue();
        String before = ssh.run(TestbedSeed.SLICE, node.address(), "cat /proc/1/stat | cut -d' ' -f22").stdout().strip();

        Path rebootLog = node.directory().resolve("reboot.log");
        // Another test of this class may have powered the node off and on before.
        long earlier = Files.exists(rebootLog) ? starts(rebootLog) : 0;
        assertThat(operator.call("RebootNode", node.hostname())).isEqualTo(1L);

        Awaitility.await("the node to restart its agent").atMost(REBOOT).pollInterval(Duration.ofMillis(250))
                .until(() -> Files.exists(rebootLog)
                        && starts(rebootLog) == earlier + 1);
        Awaitility.await("the demo sliver back after the reboot").atMost(REBOOT).pollInterval(Duration.ofMillis(500))
                .until(() -> ssh.canLogIn(TestbedSeed.SLICE, node.address()));
        String after = ssh.run(TestbedSeed.SLICE, node.address(), "cat /proc/1/stat | cut -d' ' -f22").stdout().strip();
        assertThat(after).as("the sliver's init started anew").isNotEqualTo(before);

        Awaitility.await("the console of the run before at PLC").atMost(REBOOT).pollInterval(Duration.ofMillis(500))
                .until(() -> !((List<?>) operator.call("GetNodeConsoleLogs", node.hostname())).isEmpty());
        Map<?, ?> console = (Map<?, ?>) ((List<?>) operator.call("GetNodeConsoleLogs", node.hostname())).getFirst();
        assertThat((String) console.get("text")).contains("ping of death").contains("accepted")
                .as("the boot manager's lines of the boot before").contains("boot: release 1 installed, node agent started");

        // Power cycled through its PCU (ipmi_sim), the node comes back again.
        assertThat(operator.call("RebootNodeWithPCU", node.hostname())).isEqualTo(1L);
        Awaitility.await("the PCU to power the node on again").atMost(REBOOT).pollInterval(Duration.ofMillis(250))
                .until(() -> starts(rebootLog) == earlier + 2);
        assertThat(Files.readString(rebootLog, StandardCharsets.UTF_8)).contains("power off: every process of the node dies");
        Awaitility.await("the demo sliver back after the power cycle").atMost(REBOOT).pollInterval(Duration.ofMillis(500))
                .until(() -> ssh.canLogIn(TestbedSeed.SLICE, node.address()) && !ssh.run(TestbedSeed.SLICE, node.address(),
                        "cat /proc/1/stat | cut -d' ' -f22").stdout().strip().equals(after));
    }

    @Test
    void aNodeWhoseProcessesAllDieIsMarkedDownWithin30SecondsEscalatedByMailOnceInOrderAndReleasedWhenItReturns()
            throws Exception {
        PlcClient operator = started.operator();
        TestbedLayout.TestbedNode node = layout.nodes().getFirst();
        Awaitility.await("the node up at PLC").atMost(REBOOT).pollInterval(Duration.ofMillis(250))
                .until(() -> "up".equals(status(operator, node).get("state")));

        long killed = System.nanoTime();
        power(node, "off");
        Awaitility.await("PLC to mark the silent node down").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> "down".equals(status(operator, node).get("state")));
        System.out.printf("every process of the node killed -> marked down at PLC in %.1f s%n", (System.nanoTime() - killed) / 1e9);
        // The mail of this outage names its start; an earlier outage of this class's other test has another.
        String downSince = Instant.ofEpochSecond(((Number) status(operator, node).get("since")).longValue()).toString();
        String tech = TestbedSeed.tech(layout);
        Awaitility.await("the tech's mail of all three steps").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> mailOfOutage(tech, downSince).size() >= 3);
        power(node, "on");
        Awaitility.await("the node up again at PLC").atMost(REBOOT).pollInterval(Duration.ofMillis(250))
                .until(() -> "up".equals(status(operator, node).get("state")));
        Awaitility.await("the mail saying the node is back").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> mailOfOutage(tech, downSince).size() >= 4);

        Map<?, ?> history = (Map<?, ?>) operator.call("GetNodeHistory", node.hostname());
        List<?> intervals = (List<?>) history.get("intervals");
        assertThat(intervals).as("history %s", intervals).anySatisfy(interval -> {
            Map<?, ?> down = (Map<?, ?>) interval;
            assertThat(down.get("up")).isEqualTo(false);
            assertThat(down.get("end")).as("the outage ended when the node returned").isNotNull();
            assertThat(((Number) down.get("end")).longValue()).isGreaterThan(((Number) down.get("start")).longValue());
        });

        // Each step mailed once, in the order of the policy, and the node's return ended the escalation.
        String host = node.hostname();
        String site = layout.siteLoginBase();
        assertThat(mailOfOutage(tech, downSince)).map(TestbedRebootTest::subject).satisfiesExactly(
                first -> assertThat(first).startsWith("[PlanetLab] node " + host + " has been down for"),
                second -> assertThat(second).startsWith("[PlanetLab] node " + host + " has been down for"),
                third -> assertThat(third).startsWith("[PlanetLab] site " + site + " may create no new slices: node " + host),
                fourth -> assertThat(fourth).isEqualTo("[PlanetLab] " + host + " is back: your site may create slices again"));
        assertThat(mailOfOutage(TestbedSeed.pi(layout), downSince)).as("the PI is told from the second step on").hasSize(3);
        assertThat(mailOfOutage(SUPPORT, downSince)).as("support hears of the restriction and its end").hasSize(2);
        List<?> steps = ((List<?>) operator.call("GetNotifications", site)).stream()
                .filter(step -> downSince.equals(Instant.ofEpochSecond(((Number) ((Map<?, ?>) step).get("down_since"))
                        .longValue()).toString()))
                .toList();
        assertThat(steps).as("the steps of this outage").hasSize(3)
                .allSatisfy(step -> assertThat(((Map<?, ?>) step).get("ended_at")).as("ended by the return").isNotNull());
    }

    /** The messages in {@code address}'s mailbox about the outage that began at {@code downSince}, as they arrived. */
    private static List<MimeMessage> mailOfOutage(String address, String downSince) {
        return smtp.findReceivedMessages(user -> address.equalsIgnoreCase(user.getEmail()),
                message -> text(message).contains(downSince)).toList();
    }

    private static String text(MimeMessage message) {
        try {
            return message.getContent().toString();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("an unreadable message in the test's mailbox", e);
        }
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException("an unreadable message in the test's mailbox", e);
        }
    }

    private static Map<?, ?> status(PlcClient operator, TestbedLayout.TestbedNode node) {
        return (Map<?, ?>) ((List<?>) operator.call("GetNodeStatus", List.of(node.hostname()))).getFirst();
    }

    /** The node's power script, as its PCU runs it: off kills every process of the node, on starts its agent. */
    private static void power(TestbedLayout.TestbedNode node, String step) throws Exception {
        Process process = new ProcessBuilder(node.directory().resolve("reboot").toString(), step)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                        node.directory().resolve("reboot.log").toFile())).start();
        assertThat(process.waitFor()).as("reboot " + step).isZero();
    }

    private static long starts(Path rebootLog) throws IOException {
        return Files.readString(rebootLog, StandardCharsets.UTF_8).lines()
                .filter(line -> line.contains("power on: starting the node agent again")).count();
    }
}
