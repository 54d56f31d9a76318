package org.planetlab.node.privileged;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The one check behind {@link Privileged}: whether this process may create namespaces, cgroups
 * and mounts, and whether the host tools the node agent and its tests call are installed. A test
 * that cannot run here is reported as skipped with what is missing and how to get it, and the
 * same line goes to standard error so that a build log shows it. With
 * {@code -Dplanetlab.privileged=required} (as CI runs) a missing capability fails the test.
 */
public final class HostCapabilities implements ExecutionCondition {
    /** The system property that turns a skip into a failure. */
    public static final String REQUIRED_PROPERTY = "planetlab.privileged";

    /** Commands the node agent, the runner's build and the privileged tests call. */
    private static final List<String> TOOLS = List.of("ip", "tc", "nft", "nsenter", "sysctl", "ping", "tcpdump",
            "iperf3", "timeout", "mkfs.btrfs", "btrfs", "busybox", "cc", "conntrack", "stdbuf");

    private static final String TOOLS_MISSING = "the commands ";

    /** The answer is the same for every test of a run. */
    private static volatile List<String> missing;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        boolean hostTools = AnnotationSupport.findAnnotation(context.getElement(), Privileged.class)
                .or(() -> context.getTestClass().flatMap(type -> AnnotationSupport.findAnnotation(type, Privileged.class)))
                .map(Privileged::hostTools).orElse(true);
        List<String> problems = hostTools ? missing() : missingWithoutTools();
        if (problems.isEmpty()) {
            return ConditionEvaluationResult.enabled("root, namespaces and the host tools are here");
        }
        String reason = "PRIVILEGED TEST SKIPPED: " + context.getDisplayName() + " needs " + String.join("; ", problems)
                + " (run as root after bin/install-prerequisites, or leave these tests out with"
                + " -DexcludedGroups=" + Privileged.TAG + ")";
        if ("required".equals(System.getProperty(REQUIRED_PROPERTY))) {
            throw new IllegalStateException(reason.replace("SKIPPED", "CANNOT RUN") + "; -D" + REQUIRED_PROPERTY
                    + "=required asks for every privileged test to run");
        }
        System.err.println(reason);
        return ConditionEvaluationResult.disabled(reason);
    }

    /**
     * For the helpers that set up privileged fixtures: fails, naming what is missing, when a test
     * that is not marked {@link Privileged} reaches them on a host that cannot run it.
     */
    public static void require() {
        List<String> problems = missing();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("this test needs " + String.join("; ", problems)
                    + "; mark it @Privileged so that it is skipped where it cannot run");
        }
    }

    /** What this host lacks for privileged tests, empty when nothing. */
    public static List<String> missing() {
        List<String> known = missing;
        if (known == null) {
            known = List.copyOf(probe());
            missing = known;
        }
        return known;
    }

    /** What this host lacks for a privileged test that calls none of the host tools. */
    private static List<String> missingWithoutTools() {
        return missing().stream().filter(problem -> !problem.startsWith(TOOLS_MISSING)).toList();
    }

    private static List<String> probe() {
        List<String> problems = new ArrayList<>();
        if (!isRoot()) {
            problems.add("root (user " + System.getProperty("user.name") + " is not)");
        }
        if (!Files.exists(Path.of("/proc/self/ns/user")) || !Files.exists(Path.of("/proc/self/ns/net"))) {
            problems.add("a kernel with user and network namespaces");
        }
        if (!Files.isDirectory(Path.of("/sys/fs/cgroup"))) {
            problems.add("cgroups mounted at /sys/fs/cgroup");
        }
        List<String> absent = TOOLS.stream().filter(tool -> !onPath(tool)).toList();
        if (!absent.isEmpty()) {
            problems.add(TOOLS_MISSING + absent + " (bin/install-prerequisites installs them)");
        }
        return problems;
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean onPath(String tool) {
        // Tools in sbin count even when this process's PATH leaves sbin out.
        return Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(":")),
                        Stream.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"))
                .filter(directory -> !directory.isEmpty())
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, tool)));
    }
}
