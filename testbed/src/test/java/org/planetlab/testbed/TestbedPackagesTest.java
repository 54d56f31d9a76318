package org.planetlab.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.privileged.Privileged;

/**
 * Debian slivers and the package repository PLC serves, on a testbed in a box with two nodes:
 * the demo slice installs python3 with apt-get on the first node, fetching through the
 * repository from the Debian mirror, and on the second, served from the repository's cache
 * alone; through the repository a sliver reaches the mirror and nothing else, and the mirror
 * itself only through it. Both nodes report the slice's sliver running to PLC. With python3, the
 * slice serves the testbed's Internet on its ports and from port 80 by name
 * ({@link InboundServicesScenario}).
 */
@Privileged
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TestbedPackagesTest {
    private static final String INSTALL = "apt-get -q update && apt-get -q -y install --no-install-recommends python3"
            + " && python3 -c 'print(6 * 7)'";

    @TempDir
    static Path dataDir;

    private static Testbed testbed;
    private static Testbed.Started started;
    private static TestbedLayout layout;
    /** apt's downloads may take minutes when the mirror is slow; a probe never does. */
    private static final HostCommand SLOW = new HostCommand(List.of(), Duration.ofMinutes(8));

    @BeforeAll
    static void up() {
        testbed = new Testbed(Path.of("..").toAbsolutePath().normalize(), HostCommand.onHost());
        layout = new TestbedLayout(dataDir.resolve("testbed"), 2, "10.80.0", 18463, "pltp");
        started = testbed.up(layout, new PrintWriter(System.out, true));
    }

    @AfterAll
    static void down() {
        if (testbed != null) {
            testbed.down(layout.dataDir(), layout.prefix(), new PrintWriter(System.out, true));
        }
    }

    @Test
    @Order(1)
    void aSliceInstallsPython3WithAptAndTheSecondNodeIsServedFromTheCache() throws IOException {
        TestbedLayout.TestbedNode first = layout.node(1);
        TestbedLayout.TestbedNode second = layout.node(2);
        HostCommand.Result os = inSliver(first, "cat /etc/debian_version");
        assertThat(os.exitCode()).as(os.stderr()).isZero();
        assertThat(os.stdout()).as("the sliver runs Debian").matches("(?s)[0-9]+\\.[0-9]+.*");

        HostCommand.Result installed = inSliver(first, INSTALL);
        assertThat(installed.exitCode()).as(installed.stdout() + installed.stderr()).isZero();
        assertThat(installed.stdout()).endsWith("42\n");
        long fetchedFromMirror = repositoryLog("|I|", ".deb");
        long servedBefore = repositoryLog("|O|", ".deb");

        HostCommand.Result again = inSliver(second, INSTALL);
        assertThat(again.exitCode()).as(again.stdout() + again.stderr()).isZero();
        assertThat(again.stdout()).endsWith("42\n");
        assertThat(repositoryLog("|I|", ".deb")).as("packages fetched from the mirror for the second node")
                .isEqualTo(fetchedFromMirror);
        assertThat(repositoryLog("|O|", ".deb")).as("packages served to the second node").isGreaterThan(servedBefore);
    }

    /** After the installation above: python3 serves HTTP and UDP. */
    @Test
    @Order(2)
    void theSliceServesTheInternetOnItsPortsAndByNameWhichOnlyItHoldsThroughAnAgentRestart() throws Exception {
        HostCommand.Result python = inSliver(layout.node(1), "command -v python3 || (" + INSTALL + ")");
        assertThat(python.exitCode()).as(python.stdout() + python.stderr()).isZero();
        new InboundServicesScenario(started.operator(), layout).run();
    }

    @Test
    void eachNodeReportsTheSlicesSliverRunningToPlc() {
        Awaitility.await("the demo slice's sliver running on each node, as PLC has it").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(((List<?>) started.operator().call("GetSliverStates", TestbedSeed.SLICE)).stream()
                        .map(row -> (Object) ((java.util.Map<?, ?>) row).get("state")).toList()).containsExactly("running", "running"));
    }

    @Test
    void throughTheRepositoryASliverReachesTheMirrorAndNothingElse() throws IOException {
        TestbedLayout.TestbedNode node = layout.node(1);
        String repository = layout.plcAddress() + ":" + PackageRepository.PORT;
        String mirror = URI.create(DebianMirror.of(Path.of("..").toAbsolutePath().normalize())).getHost();

        assertThat(statusLine(node, repository, "GET /debian/dists/bookworm/Release HTTP/1.1"))
                .as("the mirror, as the repository serves it").contains(" 200 ");
        assertThat(statusLine(node, repository, "CONNECT " + mirror + ":443 HTTP/1.1")).as("a tunnel to the mirror")
                .contains(" 403 ");
        assertThat(statusLine(node, repository, "CONNECT bugs.debian.org:443 HTTP/1.1")).as("a tunnel elsewhere")
                .contains(" 403 ");
        assertThat(statusLine(node, repository, "GET http://example.org/ HTTP/1.1")).as("another host, by proxy")
                .contains(" 403 ");
        assertThat(statusLine(node, repository, "GET http://" + mirror + ":8080/debian/dists/bookworm/Release HTTP/1.1"))
                .as("another port of the mirror, by proxy").contains(" 403 ");
        assertThat(statusLine(node, repository, "GET /debian-security/dists/bookworm-security/Release HTTP/1.1"))
                .as("another repository of the mirror's host").doesNotContain(" 200 ");
        assertThat(statusLine(node, repository, "GET /acng-report.html HTTP/1.1")).as("the repository's report page")
                .doesNotContain(" 200 ");

        // Nothing routes the testbed to the mirror itself: only the repository reaches it.
        for (InetAddress address : InetAddress.getAllByName(mirror)) {
            if (address instanceof java.net.Inet4Address) {
                HostCommand.Result direct = inSliver(node, "timeout 5 bash -c 'exec 3<>/dev/tcp/"
                        + address.getHostAddress() + "/80' && echo connected");
                assertThat(direct.stdout()).as("a connection to the mirror at " + address).doesNotContain("connected");
            }
        }
    }

    /** The first line of the repository's answer to {@code request}, sent from the demo sliver on {@code node}. */
    private static String statusLine(TestbedLayout.TestbedNode node, String repository, String request) {
        String[] hostAndPort = repository.split(":");
        String script = "exec 3<>/dev/tcp/" + hostAndPort[0] + "/" + hostAndPort[1]
                + " && printf '" + request + "\\r\\nHost: " + repository + "\\r\\nConnection: close\\r\\n\\r\\n' >&3"
                + " && timeout 10 head -n 1 <&3";
        HostCommand.Result result = inSliver(node, "bash -c \"" + script + "\"");
        return result.stdout().strip();
    }

    private static HostCommand.Result inSliver(TestbedLayout.TestbedNode node, String command) {
        return SLOW.runAllowingFailure(SshProbe.command(layout.demoDir().resolve("id_ed25519"),
                List.of(TestbedSeed.SLICE + "@" + node.address()), command), null);
    }

    /** How many lines of the repository's log have {@code type} (I: from the mirror, O: to a client) and end in {@code suffix}. */
    private static long repositoryLog(String type, String suffix) throws IOException {
        Path log = layout.dataDir().resolve("repository").resolve("log").resolve("apt-cacher.log");
        if (!Files.exists(log)) {
            return 0;
        }
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains(type) && line.strip().endsWith(suffix)).count();
    }
}
