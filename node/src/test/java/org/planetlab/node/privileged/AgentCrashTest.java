package org.planetlab.node.privileged;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.planetlab.node.state.VmPhase;
import org.planetlab.node.state.VmRecord;

/**
 * Privileged, crash-only: an agent process churning slivers is SIGKILLed at 50 random moments
 * (during start-up reconciliation, creation and destruction); afterwards one clean start must
 * leave no orphaned kernel object and every recorded sliver as the table says. Spare slivers of
 * the killed agents are removed by that start; the only ones left are the new agent's own.
 */
@Privileged
class AgentCrashTest {
    private static final int KILLS = 50;
    private static final Path LOGS = Path.of("target/crash-test-logs").toAbsolutePath();
    private TestingNodeAgent node;

    @AfterEach
    void cleanUp() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void fiftyKillsLeaveNoOrphans() throws Exception {
        node = TestingNodeAgent.start();
        node.agent.close();
        Path configFile = node.base.resolve("agent.properties");
        Properties properties = new Properties();
        properties.putAll(Map.ofConfig(node));
        try (var writer = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
            properties.store(writer, "crash test agent");
        }
        Random random = new Random();
        List<Long> delays = new ArrayList<>();
        List<Long> startTimes = new ArrayList<>();
        Files.createDirectories(LOGS);
        for (int kill = 0; kill < KILLS; kill++) {
            long delay = random.nextLong(5, 400);
            delays.add(delay);
            Path log = LOGS.resolve("churn-" + kill + ".log");
            Process agent = new ProcessBuilder(javaCommand(configFile, random.nextLong())).redirectOutput(log.toFile()).start();
            long started = System.nanoTime();
            try (BufferedReader output = new BufferedReader(new InputStreamReader(agent.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                StringBuilder errors = new StringBuilder();
                while ((line = output.readLine()) != null && !line.equals("ready")) {
                    errors.append(line).append('\n');
                }
                assertThat(line).as("churning agent %d started (see %s): %s", kill, log, errors).isEqualTo("ready");
                startTimes.add((System.nanoTime() - started) / 1_000_000);
                agent.waitFor(delay, TimeUnit.MILLISECONDS);
                agent.destroyForcibly();
                assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
        }
        System.out.println(KILLS + " SIGKILLs after " + delays + " ms of churn; agent start-ups took " + startTimes + " ms");

        node.restart();
        node.agent.runtime().awaitSpares(java.time.Duration.ofSeconds(60));
        assertNoOrphans();
    }

    private void assertNoOrphans() throws IOException {
        List<VmRecord> recorded = node.agent.manager().recordedVms();
        Set<String> names = recorded.stream().map(VmRecord::name).collect(Collectors.toCollection(TreeSet::new));
        assertThat(recorded).extracting(VmRecord::phase).doesNotContain(VmPhase.CREATING);
        for (VmRecord vm : recorded) {
            if (vm.phase() == VmPhase.RUNNING) {
                assertThat(node.agent.runtime().running(vm)).as("%s runs", vm.name()).isTrue();
                assertThat(node.sh(vm.name(), "hostname").output()).isEqualTo(vm.name() + "\n");
            }
        }
        Set<String> destroying = recorded.stream().filter(vm -> vm.phase() == VmPhase.DESTROYING).map(VmRecord::name)
                .collect(Collectors.toSet());
        assertThat(destroying).as("destroys left half done are finished at start").isEmpty();
        Set<String> spares = spareNumbers();
        for (String controller : List.of("cpu", "cpuacct", "memory", "pids")) {
            Set<String> cgroups = children(Path.of("/sys/fs/cgroup", controller, node.prefix));
            assertThat(cgroups.stream().filter(name -> !name.startsWith(".spare-")).toList()).as("%s cgroups", controller)
                    .containsExactlyElementsOf(names);
            assertThat(cgroups.stream().filter(name -> name.startsWith(".spare-")).map(name -> name.substring(7)).toList())
                    .as("%s cgroups of spares", controller).containsExactlyInAnyOrderElementsOf(spares);
        }
        assertThat(node.network.existing()).isEqualTo(names.stream().map(name -> node.prefix + "-" + name).collect(Collectors.toSet()));
        assertThat(children(node.base.resolve("run/disk/slivers"))).as("sliver disks").isEqualTo(names);
        assertThat(children(node.base.resolve("run/slivers"))).as("sliver directories").isEqualTo(names);
        assertThat(children(node.base.resolve("run/disk/spares"))).as("spare disks").isEqualTo(spares);
        assertThat(children(node.base.resolve("run/spares"))).as("spare directories").isEqualTo(spares);
        assertThat(children(node.base.resolve("run/disk/planetlab"))).as("sliver /.planetlab directories").isEqualTo(names);
        assertThat(children(node.base.resolve("run/disk/spare-planetlab"))).as("spare /.planetlab directories").isEqualTo(spares);
        for (String spare : spares) {
            List<String> processes = Files.readAllLines(Path.of("/sys/fs/cgroup/pids", node.prefix, ".spare-" + spare, "cgroup.procs"));
            assertThat(processes).as("spare %s holds one runner, the live agent's", spare).hasSize(1);
            // Forked by the live agent's hold-mounts runner.
            assertThat(ProcessHandle.of(Long.parseLong(processes.getFirst())).flatMap(ProcessHandle::parent)
                    .flatMap(ProcessHandle::parent).map(ProcessHandle::pid))
                    .contains(ProcessHandle.current().pid());
        }
        String runner = node.base.resolve("run/sliver-runner").toString();
        List<Long> strays = ProcessHandle.allProcesses()
                .filter(process -> process.info().command().map(runner::equals).orElse(false))
                .filter(process -> !inSliverCgroup(process.pid()))
                .filter(process -> process.parent().map(parent -> parent.pid() != ProcessHandle.current().pid()).orElse(true))
                .map(ProcessHandle::pid).toList();
        assertThat(strays).as("runner processes outside any sliver, other than the live agent's own server").isEmpty();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo")).lines().filter(line -> line.contains(node.base.toString())).count())
                .as("host mounts of this agent (only its disk)").isEqualTo(1);
    }

    /** The spares the live agent keeps, by the numbers in their cgroup names. */
    private Set<String> spareNumbers() throws IOException {
        return children(Path.of("/sys/fs/cgroup/pids", node.prefix)).stream().filter(name -> name.startsWith(".spare-"))
                .map(name -> name.substring(".spare-".length())).collect(Collectors.toCollection(TreeSet::new));
    }

    private boolean inSliverCgroup(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cgroup")).contains("/" + node.prefix + "/");
        } catch (IOException e) {
            return true;
        }
    }

    private static Set<String> children(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return Set.of();
        }
        try (var stream = Files.list(directory)) {
            return stream.filter(Files::isDirectory).map(path -> path.getFileName().toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /**
     * The test class path with the module's class directories copied aside: other builds in the
     * same work tree may rewrite target/classes while the agents restart.
     */
    private List<String> javaCommand(Path configFile, long seed) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")).split(":")) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                Path copy = node.base.resolve("classpath").resolve(path.getParent().getFileName() + "-" + path.getFileName());
                if (!Files.exists(copy)) {
                    copyTree(path, copy);
                }
                entries.add(copy.toString());
            } else {
                entries.add(entry);
            }
        }
        String classPath = String.join(":", entries);
        return List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", classPath,
                ChurningAgentMain.class.getName(), configFile.toString(), Long.toString(seed));
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (var paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path destination = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(path, destination);
                }
            }
        }
    }

    /** The test agent's settings as a properties map. */
    private static final class Map {
        static java.util.Map<String, String> ofConfig(TestingNodeAgent node) {
            return java.util.Map.of(
                    "prefix", node.config.prefix(),
                    "state-dir", node.config.stateDirectory().toString(),
                    "run-dir", node.config.runDirectory().toString(),
                    "image-dir", node.config.imageDirectory().toString(),
                    "uid-base", Long.toString(node.config.uidBase()),
                    "max-slivers", Integer.toString(node.config.maxSlivers()),
                    "disk-image-gigabytes", Integer.toString(node.config.diskImageGigabytes()));
        }
    }
}
