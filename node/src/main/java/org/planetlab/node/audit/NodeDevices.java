package org.planetlab.node.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.node.host.HostCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The names of the node namespace's devices by interface index, as the drop log gives them: a
 * dropped packet names the devices it came in and would have gone out by index only. Read from
 * {@code ip -j link show}, and read again when a packet logged after the last reading names an
 * index that reading did not have: a sliver's veth made since is then found, whenever its first
 * dropped packet comes. A packet logged before the last reading names a device that reading
 * would have held if it still existed, so it causes no new reading (unless the last one is more
 * than a second old); the links are not listed for every packet of a device that is gone.
 */
final class NodeDevices {
    private static final Logger LOG = LoggerFactory.getLogger(NodeDevices.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HostCommand node;
    private final Clock clock;
    private final Map<Integer, String> names = new HashMap<>();
    /** When the last reading began; -1 before the first. */
    private long readMillis = -1;

    NodeDevices(HostCommand node, Clock clock) {
        this.node = requireNonNull(node, "node is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * The device with {@code index} for a packet the kernel logged at {@code loggedMillis}, or null
     * for index 0 (none) or a device the node no longer has.
     */
    synchronized String name(int index, long loggedMillis) {
        if (index == 0) {
            return null;
        }
        String name = names.get(index);
        long now = clock.millis();
        if (name == null && (readMillis < 0 || loggedMillis >= readMillis || now - readMillis > 1000)) {
            readMillis = now;
            try {
                JsonNode links = JSON.readTree(node.run(List.of("ip", "-j", "link", "show")));
                names.clear();
                links.forEach(link -> names.put(link.path("ifindex").asInt(), link.path("ifname").asText()));
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot list the node's devices: {}", e.getMessage());
            }
            name = names.get(index);
        }
        return name;
    }
}
