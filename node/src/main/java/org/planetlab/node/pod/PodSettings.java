package org.planetlab.node.pod;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.planetlab.api.error.PlanetLabException;

/**
 * The node's ping-of-death listener, from the agent config's {@code pod-*} keys (docs/boot.md):
 * {@code pod-port} (UDP; 0, the default, for none), {@code pod-address} (default all of the
 * node's addresses), {@code pod-action} (the reboot command, split at spaces; default
 * {@code systemctl reboot --force}) and {@code pod-window-seconds} (how far a ping of death's time
 * may be from the node's clock; default 120).
 */
public record PodSettings(int port, String address, List<String> action, Duration window) {
    static final Set<String> KEYS = Set.of("pod-port", "pod-address", "pod-action", "pod-window-seconds");
    private static final String DEFAULT_ACTION = "systemctl reboot --force";

    public PodSettings {
        if (port < 1 || port > 65_535) {
            throw PlanetLabException.invalidArgument("node agent config pod-port: must be 1 to 65535, was " + port);
        }
        requireNonNull(address, "address is null");
        action = List.copyOf(requireNonNull(action, "action is null"));
        if (action.isEmpty()) {
            throw PlanetLabException.invalidArgument("node agent config pod-action: names no command");
        }
        requireNonNull(window, "window is null");
        if (window.toSeconds() < 1 || window.toSeconds() > 3600) {
            throw PlanetLabException.invalidArgument("node agent config pod-window-seconds: must be 1 to 3600");
        }
    }

    /** The settings in an agent config's extra keys; empty when {@code pod-port} is absent or 0. */
    public static Optional<PodSettings> from(Map<String, String> keys) {
        String port = keys.getOrDefault("pod-port", "0").strip();
        if (port.equals("0")) {
            return Optional.empty();
        }
        String action = keys.getOrDefault("pod-action", DEFAULT_ACTION).strip();
        try {
            return Optional.of(new PodSettings(Integer.parseInt(port), keys.getOrDefault("pod-address", "0.0.0.0").strip(),
                    List.of(action.isEmpty() ? new String[0] : action.split("\\s+")),
                    Duration.ofSeconds(Long.parseLong(keys.getOrDefault("pod-window-seconds", "120").strip()))));
        } catch (NumberFormatException e) {
            throw PlanetLabException.invalidArgument("node agent config pod-port and pod-window-seconds must be whole numbers: "
                    + e.getMessage());
        }
    }

    /** The keys without this listener's, for the readers of the others. */
    public static Map<String, String> withoutPodKeys(Map<String, String> keys) {
        Map<String, String> rest = new HashMap<>(keys);
        rest.keySet().removeAll(KEYS);
        return rest;
    }
}
