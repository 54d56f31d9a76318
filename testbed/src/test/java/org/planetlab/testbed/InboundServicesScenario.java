package org.planetlab.testbed;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.planetlab.api.client.PlcClient;
import org.planetlab.node.host.HostCommand;

/**
 * A slice's services reached from the testbed's Internet, over the real testbed network: the demo
 * slice (python3 installed) serves HTTP on a port it listens on, the same page from port 80 by its
 * name, and echoes UDP; a second slice reserves another port at PLC, cannot bind the first one's
 * port ("Address already in use") and keeps its reservation through a restart of the node's agent
 * while the demo slice stays refused it; PLC refuses the demo slice an overlapping reservation;
 * the second slice removed from the node, its port is free.
 */
final class InboundServicesScenario {
    static final String SECOND_SLICE = "demo_second";
    private static final int HTTP_PORT = 8080;
    private static final int RESERVED_PORT = 8081;
    private static final int UDP_PORT = 9999;
    private static final Duration PROPAGATION = Duration.ofSeconds(90);
    private static final String ECHO = "import socket\\n"
            + "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\\n"
            + "s.bind((str(), " + UDP_PORT + "))\\n"
            + "while True:\\n"
            + "    data, sender = s.recvfrom(2048)\\n"
            + "    s.sendto(data, sender)\\n";

    private final PlcClient operator;
    private final TestbedLayout layout;
    private final TestbedLayout.TestbedNode node;
    private final SshProbe ssh;

    InboundServicesScenario(PlcClient operator, TestbedLayout layout) {
        this.operator = requireNonNull(operator, "operator is null");
        this.layout = requireNonNull(layout, "layout is null");
        this.node = layout.node(1);
        this.ssh = new SshProbe(layout.demoDir().resolve("id_ed25519"));
    }

    void run() throws IOException, InterruptedException {
        String demo = TestbedSeed.SLICE;
        operator.call("SetSliceAttr", demo, Map.of("name", "codemux", "value", Integer.toString(HTTP_PORT)));
        addSecondSlice();

        HostCommand.Result served = inSliver(demo, "mkdir -p /tmp/www && echo page-of-" + demo + " > /tmp/www/index.html"
                + " && printf '" + ECHO + "' > /tmp/echo.py"
                + " && (cd /tmp/www && setsid python3 -m http.server " + HTTP_PORT + " </dev/null >/tmp/http.log 2>&1 &)"
                + " && (setsid python3 /tmp/echo.py </dev/null >/tmp/echo.log 2>&1 &)");
        assertThat(served.exitCode()).as(served.stdout() + served.stderr()).isZero();
        await("the Internet to fetch the page at port " + HTTP_PORT, () -> fromInternet("curl", "-s", "-m", "2",
                "http://" + node.address() + ":" + HTTP_PORT + "/index.html").equals("page-of-" + demo));
        String byName = demo.replace('_', '-') + "." + node.hostname();
        await("the Internet to fetch the page from port 80 as " + byName, () -> fromInternet("curl", "-s", "-m", "2",
                "-H", "Host: " + byName, "http://" + node.address() + "/index.html").equals("page-of-" + demo));
        await("the Internet's datagram echoed", () -> fromInternet("bash", "-c", "exec 3<>/dev/udp/" + node.address()
                + "/" + UDP_PORT + " && printf ping >&3 && timeout 2 head -c 4 <&3").equals("ping"));

        await("the second slice's sliver", () -> ssh.canLogIn(SECOND_SLICE, node.address()));
        HostCommand.Result taken = inSliver(SECOND_SLICE, bind(HTTP_PORT));
        assertThat(taken.exitCode()).as("binding the demo slice's port").isNotZero();
        assertThat(taken.stderr()).contains("Address already in use");
        assertThatThrownBy(() -> operator.call("SetSliceAttr", demo, Map.of("name", "tcp_ports",
                "value", Integer.toString(RESERVED_PORT)))).hasMessageContaining("overlaps the reservation of slice " + SECOND_SLICE);

        String reservation = "tcp " + RESERVED_PORT + " " + SECOND_SLICE + " reserved";
        await("the reservation in the node's port table", () -> portTable().contains(reservation));
        await("the reserved port refused to the demo slice", () -> refused(demo, RESERVED_PORT));
        restartAgent();
        // Until the new agent runs, nobody logs in and nothing guards the port.
        await("the restarted agent to guard the reserved port again", () -> refused(demo, RESERVED_PORT));
        assertThat(portTable()).contains(reservation);
        await("the page after the agent's restart", () -> fromInternet("curl", "-s", "-m", "2",
                "http://" + node.address() + ":" + HTTP_PORT + "/index.html").equals("page-of-" + demo));

        operator.call("DeleteSliceFromNodes", SECOND_SLICE, List.of(node.hostname()));
        await("the second slice's ports freed", () -> !portTable().contains(SECOND_SLICE));
        await("the freed port bound by the demo slice", () -> bound(demo, RESERVED_PORT));
    }

    private void addSecondSlice() {
        Map<String, Object> slice = new LinkedHashMap<>();
        slice.put("name", SECOND_SLICE);
        slice.put("description", "A second slice on the first node");
        slice.put("url", "https://" + layout.domain() + "/second");
        operator.call("AddSlice", slice);
        operator.call("AddPersonToSlice", TestbedSeed.user(layout), SECOND_SLICE);
        operator.call("SetSliceAttr", SECOND_SLICE, Map.of("name", "tcp_ports", "value", Integer.toString(RESERVED_PORT)));
        operator.call("AddSliceToNodes", SECOND_SLICE, List.of(node.hostname()));
    }

    /** A listening TCP socket on {@code port}, with SO_REUSEADDR as servers set it; its error on stderr. */
    private static String bind(int port) {
        return "perl -MIO::Socket::INET -e 'IO::Socket::INET->new(LocalPort => " + port
                + ", Listen => 1, ReuseAddr => 1) or die \"$!\\n\"; print \"bound\\n\"'";
    }

    private boolean bound(String slice, int port) {
        return inSliver(slice, bind(port)).stdout().strip().equals("bound");
    }

    private boolean refused(String slice, int port) {
        return inSliver(slice, bind(port)).stderr().contains("Address already in use");
    }

    /**
     * Stops the node's boot manager, which stops its agent (slivers keep running), and starts both
     * again with the node's own start command (its power-on).
     */
    private void restartAgent() throws IOException, InterruptedException {
        String plnode = node.directory().resolve("plnode.txt").toString();
        List<ProcessHandle> bootManagers = ProcessHandle.allProcesses().filter(process -> process.info().arguments()
                .map(List::of).filter(words -> words.contains("org.planetlab.boot.BootManagerMain") && words.contains(plnode))
                .isPresent()).toList();
        assertThat(bootManagers).as("node 1's boot manager").hasSize(1);
        ProcessHandle bootManager = bootManagers.getFirst();
        List<ProcessHandle> agents = bootManager.children().toList();
        assertThat(bootManager.destroy()).isTrue();
        for (ProcessHandle process : concat(bootManager, agents)) {
            process.onExit().orTimeout(40, TimeUnit.SECONDS).join();
        }
        Process start = new ProcessBuilder(node.directory().resolve("reboot").toString(), "on")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                        new File(node.directory().resolve("reboot.log").toString()))).start();
        assertThat(start.waitFor()).as("node 1's power-on").isZero();
    }

    private static List<ProcessHandle> concat(ProcessHandle first, List<ProcessHandle> rest) {
        return Stream.concat(Stream.of(first), rest.stream()).toList();
    }

    private String portTable() throws IOException {
        Path table = node.directory().resolve("state").resolve("ports");
        return Files.exists(table) ? Files.readString(table, StandardCharsets.UTF_8) : "";
    }

    private HostCommand.Result inSliver(String slice, String command) {
        return ssh.run(slice, node.address(), command);
    }

    private String fromInternet(String... command) {
        return HostCommand.onHost().runAllowingFailure(layout.onInternet(command), null).stdout().strip();
    }

    private static void await(String what, Callable<Boolean> condition) {
        Awaitility.await(what).atMost(PROPAGATION).pollInterval(Duration.ofMillis(250)).until(condition);
    }
}
