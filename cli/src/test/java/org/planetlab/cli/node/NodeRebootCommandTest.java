package org.planetlab.cli.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.client.PlcClient;
import org.planetlab.cli.exit.ExitCode;
import org.planetlab.cli.testing.PlRunner;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;
import org.planetlab.trust.node.PingOfDeath;

/**
 * {@code pl node reboot NODE [--pcu]} and {@code pl node console NODE} against a real PLC; the node's
 * ping-of-death port is a socket here.
 */
class NodeRebootCommandTest {
    @TempDir
    Path home;

    @Test
    void aTechRebootsASiteNodeAndAnotherSitesPiCannot() throws Exception {
        try (DatagramSocket nodePort = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                TestingPlc plc = TestingPlc.start(StoreKind.SQLITE, Clock.systemUTC(),
                        Map.of("reboot.pod-port", Integer.toString(nodePort.getLocalPort())))) {
            nodePort.setSoTimeout(10_000);
            Registry registry = new Registry(plc.operator(PlcClient.Encoding.JSON));
            long siteId = registry.site("rb");
            long nodeId = registry.node(siteId, "n1.rb.org", "127.0.0.1");
            registry.person("tech@rb.org", "tech", siteId);
            registry.person("pi@other.org", "pi", registry.site("other"));
            PlRunner anyone = new PlRunner(Map.of("PL_URL", plc.uri().toString(), "HOME", home.toString()), Clock.systemUTC());
            PlRunner tech = anyone.with("PL_USER", "tech@rb.org").with("PL_PASSWORD", "password-of-tech@rb.org");
            PlRunner outsider = anyone.with("PL_USER", "pi@other.org").with("PL_PASSWORD", "password-of-pi@other.org");

            PlRunner.Result sent = tech.run("node", "reboot", "n1.rb.org");
            assertThat(sent.exit()).as(sent.toString()).isZero();
            assertThat(sent.err() + sent.out()).contains("ping of death sent to node n1.rb.org");
            DatagramPacket packet = new DatagramPacket(new byte[256], 256);
            nodePort.receive(packet);
            assertThat(PingOfDeath.read(packet.getData(), packet.getLength()).orElseThrow().claim().nodeId()).isEqualTo(nodeId);

            PlRunner.Result refused = outsider.run("node", "reboot", "n1.rb.org");
            assertThat(refused.exit()).as(refused.toString()).isEqualTo(ExitCode.PERMISSION.number());
            assertThat(refused.err()).contains("RebootNode of node n1.rb.org");

            PlRunner.Result none = tech.run("node", "console", "n1.rb.org");
            assertThat(none.exit()).as(none.toString()).isZero();
            assertThat(none.err()).contains("node n1.rb.org has uploaded no console log");
            PlcClient node = plc.client(plc.nodeSession(nodeId), PlcClient.Encoding.JSON);
            node.call("ReportConsoleLog", Map.of("boot_started", 1_700_000_000L, "text", "agent started\nOops: 0002\n"));
            PlRunner.Result console = tech.run("node", "console", "n1.rb.org");
            assertThat(console.out()).contains("--- boot started 2023-11-14T22:13:20Z", "agent started\nOops: 0002\n");

            PlRunner.Result noPcu = tech.run("node", "reboot", "n1.rb.org", "--pcu");
            assertThat(noPcu.exit()).as(noPcu.toString()).isEqualTo(ExitCode.INVALID.number());
            assertThat(noPcu.err()).contains("node n1.rb.org is wired to no PCU");
        }
    }
}
