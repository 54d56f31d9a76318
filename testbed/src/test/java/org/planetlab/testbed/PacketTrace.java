package org.planetlab.testbed;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.node.host.HostCommand;

/**
 * Every packet between the testbed's nodes and its Internet, on every device of each node's
 * namespace (the slivers' veths and the uplink), written by tcpdump to a file under target/ while
 * a scenario runs. When a flow goes unrecorded it tells whether the sliver's packet reached the
 * node and left it; {@link #describe} prints it, and {@link #close} deletes what was not kept.
 */
final class PacketTrace implements AutoCloseable {
    private final Map<TestbedLayout.TestbedNode, Process> captures = new LinkedHashMap<>();
    private final Map<TestbedLayout.TestbedNode, Path> files = new LinkedHashMap<>();
    private boolean kept;

    private PacketTrace() {}

    static PacketTrace start(TestbedLayout layout, List<TestbedLayout.TestbedNode> nodes) {
        requireNonNull(layout, "layout is null");
        PacketTrace trace = new PacketTrace();
        for (TestbedLayout.TestbedNode node : nodes) {
            Path file = Path.of("target", "flow-audit-" + node.hostname() + ".pcap").toAbsolutePath();
            try {
                Files.createDirectories(file.getParent());
                Process capture = new ProcessBuilder("nsenter", "--net=" + node.namespacePath(), "tcpdump", "-i", "any", "-n",
                        "-U", "-s", "128", "-w", file.toString(), "host", layout.internetAddress())
                        .redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                trace.captures.put(node, capture);
                trace.files.put(node, file);
            } catch (IOException e) {
                trace.close();
                throw new UncheckedIOException("cannot start tcpdump in " + node.namespace(), e);
            }
        }
        return trace;
    }

    /** The packets seen on {@code node} so far, one line each; the file stays in target/. */
    String describe(TestbedLayout.TestbedNode node) {
        Path file = files.get(node);
        if (file == null) {
            return "(no trace)";
        }
        kept = true;
        return HostCommand.onHost().runAllowingFailure(List.of("tcpdump", "-r", file.toString(), "-n", "-tt", "-e"), null)
                .stdout() + "(trace kept in " + file + ")";
    }

    @Override
    public void close() {
        captures.values().forEach(Process::destroy);
        for (Process capture : captures.values()) {
            capture.onExit().join();
        }
        if (!kept) {
            files.values().forEach(file -> file.toFile().delete());
        }
    }
}
