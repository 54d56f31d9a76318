package org.planetlab.plc.metrics;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.planetlab.api.metrics.MetricsListener;
import org.planetlab.plc.config.ConfigSection;

/**
 * The {@code metrics.*} keys of PLC's configuration.
 *
 * @param listen where {@code /metrics} is served, apart from the API; empty: not served. Bind it
 *     to loopback or a management network: whoever reaches it may read it
 */
public record MetricsSettings(Optional<InetSocketAddress> listen) {
    private static final Set<String> KEYS = Set.of("listen");

    public static final MetricsSettings DEFAULTS = new MetricsSettings(Optional.empty());

    public MetricsSettings {
        java.util.Objects.requireNonNull(listen, "listen is null");
    }

    /** Reads the section's keys; refuses keys it does not know. */
    public static MetricsSettings from(Map<String, String> keys) {
        ConfigSection section = ConfigSection.of("metrics", keys, KEYS);
        return new MetricsSettings(section.text("listen").filter(text -> !text.isBlank())
                .map(text -> MetricsListener.parse(section.fullName("listen"), text)));
    }
}
