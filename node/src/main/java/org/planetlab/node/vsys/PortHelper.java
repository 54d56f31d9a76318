package org.planetlab.node.vsys;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.net.ports.InboundPorts;
import org.planetlab.node.net.ports.PortHold;
import org.planetlab.node.net.ports.PortKey;
import org.planetlab.node.net.ports.Protocol;

/**
 * {@code port}: a port of the node's address reserved for the calling slice through the node's
 * port table, as the original's port-reservation helper did (docs/vsys.md). Requests, one a line:
 * {@code tcp 8080} or {@code udp 5353} takes the port (held until released or the sliver goes,
 * whether or not anything listens); {@code release tcp 8080} lets it go; {@code list} shows the
 * slice's own holds. The port table's rules apply unchanged: a port another slice holds, one the
 * node uses, or one below 1024 without {@code privileged_ports} is refused, and a slice holds at
 * most {@value InboundPorts#MAX_REQUESTED} ports this way. Anything but these forms is refused.
 */
final class PortHelper implements VsysHelper {
    static final String NAME = "port";
    private static final Pattern REQUEST = Pattern.compile("(release )?(tcp|udp) ([1-9][0-9]{0,4})");

    private final Supplier<Optional<InboundPorts>> ports;

    /** @param ports the node's port table; empty where the node's network has no inbound ports */
    PortHelper(Supplier<Optional<InboundPorts>> ports) {
        this.ports = requireNonNull(ports, "ports is null");
    }

    @Override
    public byte[] run(String slice, String request, int outputBytes, Duration runTime) {
        String line = request.strip();
        Matcher matcher = REQUEST.matcher(line);
        if (!line.equals("list") && (!matcher.matches() || Integer.parseInt(matcher.group(3)) > 65_535)) {
            throw PlanetLabException.invalidArgument("port takes 'tcp PORT', 'udp PORT', 'release tcp PORT', 'release udp PORT'"
                    + " or 'list', PORT from 1 to 65535");
        }
        InboundPorts table = ports.get().orElseThrow(() -> new PlanetLabException(ErrorCode.UNAVAILABLE,
                "this node's network takes no inbound connections, so it reserves no ports"));
        if (line.equals("list")) {
            StringBuilder answer = new StringBuilder();
            table.holds().stream().filter(hold -> hold.sliverName().equals(slice))
                    .forEach(hold -> answer.append(hold.key()).append(' ').append(hold.basis().wireName()).append('\n'));
            return answer.toString().getBytes(StandardCharsets.US_ASCII);
        }
        PortKey key = new PortKey(Protocol.parse(matcher.group(2)), Integer.parseInt(matcher.group(3)));
        if (matcher.group(1) != null) {
            if (!table.releaseRequested(slice, key)) {
                throw PlanetLabException.notFound(key + " is not a port this slice asked for");
            }
            return (key + " released\n").getBytes(StandardCharsets.US_ASCII);
        }
        PortHold hold = table.request(slice, key);
        return (key + " " + hold.basis().wireName() + "\n").getBytes(StandardCharsets.US_ASCII);
    }
}
