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
 * {@code ip -j link show}, again (at most once a second) when an index is unknown, so a sliver's
 * veth made after the last reading is found without listing the links for every packet.
 */
final class NodeDevices {
    private static final Logger LOG = LoggerFactory.getLogger(NodeDevices.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HostCommand node;
    private final Clock clock;
    private final Map<Integer, String> names = new HashMap<>();
    private long readMillis;

    NodeDevices(HostCommand node, Clock clock) {
        this.node = requireNonNull(node, "node is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The device with {@code index}, or null for index 0 (none) or a device the node does not have. */
    synchronized String name(int index) {
        if (index == 0) {
            return null;
        }
        String name = names.get(index);
        long now = clock.millis();
        if (name == null && now - readMillis > 1000) {
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
