package org.planetlab.node.slices;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.planetlab.api.nodemanager.NodeManagerClient;
import org.planetlab.api.nodemanager.NodeManagerOperations;
import org.planetlab.api.nodemanager.NodeManagerRequests;
import org.planetlab.api.nodemanager.NodeManagerReplies;
import org.planetlab.api.scs.ScsSettings;
import org.planetlab.node.privileged.Privileged;
import org.planetlab.plc.testing.Registry;

/**
 * Privileged, end to end: slices created, changed, stopped, started and deleted at a real PLC
 * reach a real node agent in its own network namespace through the slice creation service's long
 * poll; the node keeps its slivers while PLC is down or out of reach and catches up when it
 * returns; a killed agent comes back consistent; safeboot stops slivers until boot.
 */
@Privileged
class SlicesEndToEndTest {
    private static final Duration QUICKLY = Duration.ofSeconds(10);
    private static SlicesEnvironment node;

    @BeforeAll
    static void startNode() {
        node = SlicesEnvironment.start("e", Map.of());
        node.await("the slice creation service applied PLC's first view", Duration.ofSeconds(90),
                () -> node.scsLog().contains("of plc (0 slivers) applied"));
    }

    @AfterAll
    static void removeNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aSliceAtPlcBecomesASliverAndFollowsItsSlice() {
        List<Double> latencies = new ArrayList<>();
        for (int round = 1; round <= 5; round++) {
            String slice = node.createSlice("fast" + round, Map.of());
            latencies.add(instantiate(slice));
            node.pi.call("DeleteSlice", slice);
        }
        latencies.sort(Double::compare);
        System.out.printf("PLC call (AddSliceToNodes) to running sliver, 5 slices: p50 %.0f ms, max %.0f ms, all %s%n",
                latencies.get(2), latencies.get(4), latencies);

        String slice = node.createSlice("life", Map.of());
        node.pi.call("SetSliceAttr", slice, Map.of("name", "bootscript", "value", "echo started >> /root/boots"));
        instantiate(slice);
        node.await("the bootscript ran once", QUICKLY, () -> lines(slice) == 1);

        long userId = node.registry.personId(SlicesEnvironment.USER);
        long keyId = (Long) node.user.call("AddPersonKey", userId, Map.of("key_type", "ssh", "key", node.keys.strangerPublic()));
        node.await("a new key of the user reached the sliver", QUICKLY, () -> keys(slice).contains(node.keys.strangerPublic()));
        node.user.call("DeleteKey", keyId);
        node.await("the removed key left the sliver", QUICKLY, () -> !keys(slice).contains(node.keys.strangerPublic())
                && keys(slice).contains(node.keys.userPublic()));

        node.pi.call("StopSlice", slice);
        node.await("the stopped slice's processes are gone", QUICKLY,
                () -> node.phase(slice).orElse("").equals("STOPPED") && node.processes(slice).isEmpty());
        node.pi.call("StartSlice", slice);
        node.await("the started slice runs its bootscript again", QUICKLY, () -> lines(slice) == 2 && !node.processes(slice).isEmpty());

        node.pi.call("DeleteSlice", slice);
        node.await("nothing of the deleted slice is left", QUICKLY, () -> node.remainsOf(slice).isEmpty());
    }

    @Test
    void aSliceOfASiteUnderAnotherOfPlcsNamingAuthoritiesReachesTheNode() {
        node.operator.call("AddNamingAuthority", Map.of("hrn", "ple", "name", "PlanetLab Europe"));
        node.registry.site("inria");
        node.operator.call("SetSiteNamingAuthority", "inria", "ple");
        node.operator.call("AddSlice", Map.of("name", "inria_demo"));
        assertThat(node.operator.call("GetSlices", List.of("inria_demo"), List.of("hrn")))
                .isEqualTo(List.of(Map.of("hrn", "ple.inria.demo")));
        node.operator.call("AddSliceToNodes", "ple.inria.demo", List.of(node.hostname));
        node.await("the slice named under ple runs on the node of a PLC whose own authority is plc", QUICKLY,
                () -> node.phase("inria_demo").filter("RUNNING"::equals).isPresent());
        node.operator.call("DeleteSlice", "inria_demo");
        node.await("nothing of the deleted slice is left", QUICKLY, () -> node.remainsOf("inria_demo").isEmpty());
    }

    @Test
    void theNodeKeepsItsSliversWhilePlcIsDownAndCatchesUpWhenItReturns() {
        String steady = node.createSlice("steady", Map.of());
        instantiate(steady);
        node.plc.stop();
        try {
            Awaitility.await("the sliver stays while PLC is down").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> node.phase(steady).orElse("").equals("RUNNING") && !node.processes(steady).isEmpty());
        } finally {
            node.plc.restart();
        }
        String later = node.createSlice("later", Map.of());
        node.user.call("AddSliceToNodes", later, List.of(node.hostname));
        node.await("a slice added after PLC came back reaches the node", Duration.ofSeconds(30),
                () -> node.phase(later).filter("RUNNING"::equals).isPresent());
        assertThat(node.phase(steady)).contains("RUNNING");
        node.pi.call("DeleteSlice", steady);
        node.pi.call("DeleteSlice", later);
        node.await("both slices are removed", QUICKLY, () -> node.remainsOf(steady).isEmpty() && node.remainsOf(later).isEmpty());
    }

    @Test
    void aStopBySiteOnTheNodeHoldsWhilePlcIsDownAndAgainstLaterViewsUntilTheSiteStartsIt() {
        String slice = node.createSlice("halted", Map.of());
        instantiate(slice);
        node.plc.stop();
        try {
            // The site's tech, on the node, with PLC unreachable: the owner VM's (here host root's) StopVM.
            try (NodeManagerClient site = node.nodeManager()) {
                assertThat(site.call(NodeManagerOperations.STOP_VM, new NodeManagerRequests.VmName(slice)).siteStopped()).isTrue();
            }
            node.await("the stopped sliver's processes are gone", QUICKLY, () -> node.processes(slice).isEmpty());
        } finally {
            node.plc.restart();
        }
        // PLC's view still says "started"; a change to the slice makes the service converge to it again.
        node.pi.call("SetSliceAttr", slice, Map.of("name", "bootscript", "value", "echo again >> /root/boots"));
        node.await("the slice creation service saw the site's stop and left it", Duration.ofSeconds(30),
                () -> node.scsLog().contains(slice + " stays stopped: the node's site stopped it"));
        assertThat(node.phase(slice)).contains("STOPPED");
        assertThat(node.processes(slice)).isEmpty();

        try (NodeManagerClient site = node.nodeManager()) {
            assertThat(site.call(NodeManagerOperations.START_VM, new NodeManagerRequests.VmName(slice)).phase()).isEqualTo("RUNNING");
        }
        node.await("the site's start runs it again", QUICKLY, () -> !node.processes(slice).isEmpty());
        node.pi.call("DeleteSlice", slice);
        node.await("nothing of the slice is left", QUICKLY, () -> node.remainsOf(slice).isEmpty());
    }

    @Test
    void aSliceDeletedWhileTheNodeIsCutOffIsRemovedWhenItReconnects() {
        String slice = node.createSlice("cut", Map.of());
        instantiate(slice);
        node.network.cutOff();
        try {
            node.pi.call("DeleteSlice", slice);
            Awaitility.await("the sliver stays while the node cannot reach PLC").during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(5)).until(() -> node.phase(slice).orElse("").equals("RUNNING"));
        } finally {
            node.network.reconnect();
        }
        node.await("the sliver of the slice deleted meanwhile is removed", Duration.ofSeconds(60), () -> node.remainsOf(slice).isEmpty());
    }

    @Test
    void anAgentKilledWhileConvergingComesBackConsistent() {
        List<String> slices = List.of(node.createSlice("kill1", Map.of()), node.createSlice("kill2", Map.of()),
                node.createSlice("kill3", Map.of()));
        slices.forEach(slice -> node.user.call("AddSliceToNodes", slice, List.of(node.hostname)));
        node.await("the first sliver is being made", QUICKLY, () -> slices.stream().anyMatch(slice -> node.vm(slice).isPresent()));
        node.agent.kill();
        node.agent.start();
        node.await("every slice runs after the restart", Duration.ofSeconds(60),
                () -> slices.stream().allMatch(slice -> node.phase(slice).filter("RUNNING"::equals).isPresent()
                        && !node.processes(slice).isEmpty()));
        assertThat(cgroups()).as("one cgroup per recorded VM, none more (spares aside)").isEqualTo(recordedVms());
        Awaitility.await("one slice creation service runs").atMost(QUICKLY).pollInterval(Duration.ofMillis(200))
                .until(SlicesEndToEndTest::serviceProcesses, processes -> processes.size() == 1);
        slices.forEach(slice -> node.pi.call("DeleteSlice", slice));
        node.await("the slices are removed", QUICKLY, () -> slices.stream().allMatch(slice -> node.remainsOf(slice).isEmpty()));
    }

    @Test
    void safebootStopsEverySliverButTheOwnersUntilBoot() {
        String slice = node.createSlice("held", Map.of());
        instantiate(slice);
        node.operator.call("UpdateNode", node.nodeId, Map.of("boot_state", "safeboot"));
        try {
            node.await("safeboot stops the slivers", QUICKLY, () -> node.processes(slice).isEmpty());
            assertThat(node.processes("site_admin")).as("the owner VM stays up for inspection").isNotEmpty();
            String waiting = node.createSlice("waiting", Map.of());
            node.user.call("AddSliceToNodes", waiting, List.of(node.hostname));
            Awaitility.await("no sliver is created in safeboot").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                    .until(() -> node.vm(waiting).isEmpty());
        } finally {
            node.operator.call("UpdateNode", node.nodeId, Map.of("boot_state", "boot"));
        }
        node.await("boot brings the slivers back and creates the waiting one", Duration.ofSeconds(30),
                () -> !node.processes(slice).isEmpty() && node.phase(SlicesEnvironment.SITE + "_waiting").filter("RUNNING"::equals).isPresent());
        node.pi.call("DeleteSlice", slice);
        node.pi.call("DeleteSlice", SlicesEnvironment.SITE + "_waiting");
    }

    /** Puts the slice on the node and waits for its sliver; returns the milliseconds it took. */
    private static double instantiate(String slice) {
        long before = System.nanoTime();
        node.user.call("AddSliceToNodes", slice, List.of(node.hostname));
        node.await("sliver " + slice + " runs", QUICKLY, () -> node.phase(slice).filter("RUNNING"::equals).isPresent());
        return (System.nanoTime() - before) / 1e6;
    }

    private static int lines(String slice) {
        return node.sliverFile(slice, "/root/boots").map(text -> (int) text.lines().count()).orElse(0);
    }

    private static List<String> keys(String slice) {
        try {
            return Files.readAllLines(node.base.resolve("run/disk/planetlab").resolve(slice).resolve("authorized_keys"))
                    .stream().map(String::strip).toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    private static Set<String> cgroups() {
        try (Stream<Path> children = Files.list(Path.of("/sys/fs/cgroup/pids", node.prefix))) {
            // Names starting with a dot are the runtime's spares, made ahead for slivers to come.
            return children.filter(Files::isDirectory).map(path -> path.getFileName().toString()).filter(name -> !name.startsWith("."))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Set<String> recordedVms() {
        try (NodeManagerClient client = node.nodeManager()) {
            return client.listVms().stream().map(NodeManagerReplies.Vm::name)
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** The slice creation service's processes of this node, as "pid (parent pid)". */
    private static List<String> serviceProcesses() {
        return ProcessHandle.allProcesses().filter(process -> process.info().commandLine().orElse("")
                .contains(ScsSettings.MAIN_CLASS) && process.info().commandLine().orElse("").contains(node.prefix))
                .map(process -> process.pid() + " (" + process.parent().map(ProcessHandle::pid).orElse(-1L) + ")").toList();
    }
}
