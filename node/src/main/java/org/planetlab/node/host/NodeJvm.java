package org.planetlab.node.host;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options of a node's Java processes, one place for every launcher that starts them (the
 * agent's launcher in a release, the boot medium's command, the agent's start of the slice
 * creation service; {@code bin/node-agent} and {@code bin/boot-manager} repeat them in shell).
 *
 * <p>A node runs its few Java processes beside the slivers it hosts, on the same cores, and a
 * testbed in a box runs dozens of them on two. None of them has hot loops that need the optimizing
 * compiler: the agent's work is system calls and small messages, and the profile of slice creates
 * on ten nodes showed the C2 compiler threads taking about a quarter of the CPU while slivers
 * were being made, compiling code that then ran a few times. So each stops at the quick compiler
 * (C1), which compiles a method in a fraction of the time; and uses the serial collector, which
 * needs no concurrent threads for heaps of this size. Options that a JVM does not know would stop
 * it from starting, so only long-standing product options are used.
 *
 * <p>Options in the environment variable {@value #EXTRA_OPTIONS} (separated by blanks) are added
 * after these, read where the command is made: to profile a testbed's nodes, for instance
 * {@code -XX:StartFlightRecording=filename=/tmp/node-jfr/%p.jfr} (a directory every uid may write
 * to, as the slice creation service runs as its slice's uid).
 */
public enum NodeJvm {
    /**
     * The node agent: long-running, its heap grows with the slivers it holds. Its HTTP listeners
     * (the audit page, metrics) send without Nagle's delay (AuditPage says why). Its compiler
     * thread runs at nice 19, like its background threads ({@link LowPriority}): compiling code
     * that has run a few hundred times can wait until a create or a login is done with the core.
     * The JVM sets a thread's priority only with {@code ThreadPriorityPolicy=1}, which also lowers
     * the nice value of a few of its own threads (reference handling, the VM thread), as root.
     */
    AGENT(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-XX:ThreadPriorityPolicy=1",
            "-XX:CompilerThreadPriority=" + LowPriority.NICE, "-Dsun.net.httpserver.nodelay=true")),
    /** The boot manager: it waits for the agent and asks for a new release now and then. */
    BOOT_MANAGER(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData")),
    /**
     * The slice creation service, which runs as its slice's uid with the memory of a sliver: a
     * small heap, small thread stacks, and its temporary files in its own directory.
     */
    SLICE_CREATION_SERVICE(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xmx96m", "-Xss512k",
            "-Djava.io.tmpdir=."));

    /** The environment variable whose options are added to every node JVM's. */
    public static final String EXTRA_OPTIONS = "PLANETLAB_NODE_JVM_EXTRA_OPTIONS";

    private final List<String> options;

    NodeJvm(List<String> options) {
        this.options = List.copyOf(options);
    }

    /** The options, to put between the java command and the class path. */
    public List<String> options() {
        return withExtra(System.getenv(EXTRA_OPTIONS));
    }

    /** The options followed by those of {@code extra}, a blank-separated list or null. */
    List<String> withExtra(String extra) {
        if (extra == null || extra.isBlank()) {
            return options;
        }
        List<String> all = new ArrayList<>(options);
        all.addAll(List.of(extra.strip().split("\\s+")));
        return List.copyOf(all);
    }
}
