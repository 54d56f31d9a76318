package org.planetlab.node.owner;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.net.SliverNetwork;
import org.planetlab.node.sliver.LinuxSliverRuntime;

/**
 * The owner's levers on a Linux node: the node rate goes to the sliver network; a capture runs
 * {@code tcpdump} on the node side of the sliver's veth, bounded in packets and time, so the
 * owner sees one sliver's traffic without holding raw sockets on the node itself.
 */
public final class LinuxOwnerControls implements OwnerControls {
    private final SliverNetwork network;
    private final LinuxSliverRuntime runtime;
    private final HostCommand nodeCommand;

    public LinuxOwnerControls(SliverNetwork network, LinuxSliverRuntime runtime, HostCommand nodeCommand) {
        this.network = requireNonNull(network, "network is null");
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.nodeCommand = requireNonNull(nodeCommand, "nodeCommand is null");
    }

    @Override
    public void setNodeRate(long kilobitsPerSecond) {
        network.setNodeRate(kilobitsPerSecond);
    }

    @Override
    public List<String> captureTraffic(String sliver, int packets, Duration within) {
        String device = runtime.networkHandle(sliver).orElseThrow(() -> PlanetLabException.notFound(
                "sliver " + sliver + " has no network on this node")).hostDevice();
        List<String> command = new ArrayList<>(List.of("timeout", Long.toString(within.toSeconds()),
                "tcpdump", "-i", device, "-nn", "-l", "-q", "-c", Integer.toString(packets)));
        HostCommand.Result result = nodeCommand.runAllowingFailure(command, null);
        return result.stdout().lines().toList();
    }
}
