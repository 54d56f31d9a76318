package org.planetlab.node.net.kernel;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.planetlab.node.host.HostCommand;

/**
 * The iproute2, tc, nftables and sysctl invocations of the sliver network, all run through one
 * {@link HostCommand} whose prefix puts them in the node's network namespace. Many changes go
 * into one batch so the kernel work of a sliver costs few process starts; the number of
 * invocations is counted for the benchmarks.
 */
public final class NetworkCommands {
    private final HostCommand node;
    private final AtomicLong invocations = new AtomicLong();

    public NetworkCommands(HostCommand node) {
        this.node = requireNonNull(node, "node is null");
    }

    /** Runs {@code ip -batch -} in the node namespace; stops at the first failing line. */
    public void ipBatch(List<String> lines) {
        if (!lines.isEmpty()) {
            run(List.of("ip", "-batch", "-"), lines);
        }
    }

    /** Like {@link #ipBatch} but carries on after failing lines; returns whether all succeeded. */
    public boolean ipBatchIgnoringFailures(List<String> lines) {
        return lines.isEmpty() || runAllowingFailure(List.of("ip", "-force", "-batch", "-"), lines);
    }

    /** Runs {@code ip -n <namespace> -batch -}: the lines act inside a sliver's namespace. */
    public void ipBatchInNamespace(String namespace, List<String> lines) {
        run(List.of("ip", "-n", namespace, "-batch", "-"), lines);
    }

    public void tcBatch(List<String> lines) {
        if (!lines.isEmpty()) {
            run(List.of("tc", "-batch", "-"), lines);
        }
    }

    public boolean tcBatchIgnoringFailures(List<String> lines) {
        return lines.isEmpty() || runAllowingFailure(List.of("tc", "-force", "-batch", "-"), lines);
    }

    /** Applies an nftables script as one atomic transaction. */
    public void nft(List<String> lines) {
        if (!lines.isEmpty()) {
            run(List.of("nft", "-f", "-"), lines);
        }
    }

    /** Runs one command in the node namespace and returns its output. */
    public String query(List<String> command) {
        invocations.incrementAndGet();
        return node.run(command);
    }

    /** Sets sysctls inside a sliver's namespace (keys the kernel lacks are skipped). */
    public void sysctlInNamespace(String namespacePath, List<String> settings) {
        List<String> command = new ArrayList<>(List.of("nsenter", "--net=" + namespacePath, "sysctl", "-q", "-e", "-w"));
        command.addAll(settings);
        query(command);
    }

    /** How many processes this has started. */
    public long invocations() {
        return invocations.get();
    }

    private void run(List<String> command, List<String> lines) {
        invocations.incrementAndGet();
        node.runWithInput(command, String.join("\n", lines) + "\n");
    }

    private boolean runAllowingFailure(List<String> command, List<String> lines) {
        invocations.incrementAndGet();
        return node.runAllowingFailure(command, String.join("\n", lines) + "\n").exitCode() == 0;
    }
}
