package org.planetlab.node.vsys;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.host.HostCommand;

/**
 * {@code pcap}: a raw capture of the calling slice's own traffic, in pcap format: {@code tcpdump}
 * on the node side of that sliver's veth only, which carries its packets and nobody else's. The
 * request is {@code [packets [seconds]]} (default 100 packets within 10 seconds; at most 10,000
 * and the helpers' run time); the answer is the pcap file, cut at the output limit.
 */
final class CaptureHelper implements VsysHelper {
    static final String NAME = "pcap";
    private static final int DEFAULT_PACKETS = 100;
    private static final int MAX_PACKETS = 10_000;
    private static final int DEFAULT_SECONDS = 10;

    private final Function<String, Optional<String>> hostDevice;
    private final HostCommand nodeCommand;

    /**
     * @param hostDevice the node-side device of a sliver's network, by sliver name
     * @param nodeCommand runs commands in the node's network namespace, where that device is
     */
    CaptureHelper(Function<String, Optional<String>> hostDevice, HostCommand nodeCommand) {
        this.hostDevice = requireNonNull(hostDevice, "hostDevice is null");
        this.nodeCommand = requireNonNull(nodeCommand, "nodeCommand is null");
    }

    @Override
    public byte[] run(String slice, String request, int outputBytes, Duration runTime) {
        String[] fields = request.isBlank() ? new String[0] : request.strip().split(" +");
        if (fields.length > 2) {
            throw PlanetLabException.invalidArgument("pcap takes at most two numbers: packets and seconds, e.g. '100 10'");
        }
        int packets = fields.length > 0 ? number(fields[0], "packets", MAX_PACKETS) : DEFAULT_PACKETS;
        long most = Math.max(1, runTime.toSeconds() - 1);
        int seconds = fields.length > 1 ? number(fields[1], "seconds", (int) most) : (int) Math.min(DEFAULT_SECONDS, most);
        String device = hostDevice.apply(slice).orElseThrow(() -> PlanetLabException.notFound(
                "slice " + slice + " has no network on this node"));
        ProcessBuilder builder = nodeCommand.processBuilder(List.of("timeout", Integer.toString(seconds), "tcpdump", "-i", device,
                "-U", "-w", "-", "-c", Integer.toString(packets))).redirectError(ProcessBuilder.Redirect.DISCARD);
        return BoundedRun.run(builder, new byte[0], outputBytes, runTime, NAME);
    }

    private static int number(String text, String what, int most) {
        if (!text.matches("[0-9]{1,6}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > most) {
            throw PlanetLabException.invalidArgument("pcap " + what + " '" + (text.length() > 20 ? text.substring(0, 20) + "..." : text)
                    + "' must be a whole number from 1 to " + most);
        }
        return Integer.parseInt(text);
    }
}
