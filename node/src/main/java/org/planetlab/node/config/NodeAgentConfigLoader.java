package org.planetlab.node.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import org.planetlab.api.error.IoCauses;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.metrics.MetricsListener;

/**
 * Reads {@link NodeAgentConfig} from a properties file with dashed keys. Keys that are not the
 * agent's own go to the sliver network, whose reader names any it does not know. Defaults run
 * one node of the testbed in a box.
 */
public final class NodeAgentConfigLoader {
    /** The agent's own keys and their defaults. */
    public static final Map<String, String> DEFAULTS = defaults();

    private NodeAgentConfigLoader() {}

    private static Map<String, String> defaults() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("prefix", "pl");
        values.put("state-dir", "/var/lib/planetlab/node");
        values.put("run-dir", "/run/planetlab/node");
        values.put("image-dir", "/var/lib/planetlab/images/default");
        values.put("cgroup-root", "/sys/fs/cgroup");
        values.put("uid-base", "1000000000");
        values.put("max-slivers", "4096");
        values.put("disk-image-gigabytes", "64");
        values.put("owner-script", "");
        values.put("owner-keys", "");
        values.put("plnode-file", "");
        values.put("plc-url", "");
        values.put("plc-ca-file", "");
        values.put("trust-roots-dir", "");
        values.put("boot-check-seconds", "300");
        values.put("scs-slice", "plc.scs");
        values.put("scs-port", "8812");
        values.put("scs-wait-seconds", "60");
        values.put("scs-full-poll-seconds", "600");
        values.put("ssh-port", "22");
        values.put("service-address", "");
        values.put("bandwidth-check-seconds", "60");
        values.put("bandwidth-day-seconds", "86400");
        values.put("metrics-listen", "");
        return Map.copyOf(values);
    }

    public static NodeAgentConfig load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw PlanetLabException.invalidArgument("cannot read node agent config " + file + ": " + IoCauses.describe(e));
        }
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        return fromMap(values);
    }

    public static NodeAgentConfig fromMap(Map<String, String> values) {
        Map<String, String> merged = new HashMap<>(DEFAULTS);
        Map<String, String> network = new HashMap<>();
        values.forEach((key, value) -> (DEFAULTS.containsKey(key) ? merged : network).put(key, value.strip()));
        Path state = get(merged, "state-dir", Path::of);
        String ownerScript = merged.get("owner-script");
        String ownerKeys = merged.get("owner-keys");
        return new NodeAgentConfig(
                get(merged, "prefix", Function.identity()),
                state,
                get(merged, "run-dir", Path::of),
                get(merged, "image-dir", Path::of),
                get(merged, "cgroup-root", Path::of),
                get(merged, "uid-base", Long::parseLong),
                get(merged, "max-slivers", Integer::parseInt),
                get(merged, "disk-image-gigabytes", Integer::parseInt),
                ownerScript.isEmpty() ? state.resolve("owner-script.properties") : Path.of(ownerScript),
                ownerKeys.isEmpty() ? state.resolve("owner-keys") : Path.of(ownerKeys),
                network,
                services(merged));
    }

    private static ServicesConfig services(Map<String, String> values) {
        return new ServicesConfig(
                optional(values, "plnode-file", Path::of),
                optional(values, "plc-url", text -> URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text)),
                optional(values, "plc-ca-file", Path::of),
                optional(values, "trust-roots-dir", Path::of),
                get(values, "boot-check-seconds", NodeAgentConfigLoader::seconds),
                get(values, "scs-slice", Function.identity()),
                get(values, "scs-port", Integer::parseInt),
                get(values, "scs-wait-seconds", NodeAgentConfigLoader::seconds),
                get(values, "scs-full-poll-seconds", NodeAgentConfigLoader::seconds),
                get(values, "ssh-port", Integer::parseInt),
                get(values, "service-address", Function.identity()),
                get(values, "bandwidth-check-seconds", NodeAgentConfigLoader::seconds),
                get(values, "bandwidth-day-seconds", NodeAgentConfigLoader::seconds),
                values.get("metrics-listen").isEmpty() ? Optional.empty()
                        : Optional.of(MetricsListener.parse("node agent config metrics-listen", values.get("metrics-listen"))));
    }

    /** Whole or fractional seconds, e.g. {@code 300} or {@code 0.5}. */
    private static Duration seconds(String text) {
        double seconds = Double.parseDouble(text);
        if (!(seconds > 0) || seconds > 1e9) {
            throw new IllegalArgumentException("must be a positive number of seconds");
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    private static <T> Optional<T> optional(Map<String, String> values, String key, Function<String, T> parser) {
        return values.get(key).isEmpty() ? Optional.empty() : Optional.of(get(values, key, parser));
    }

    /** Keys the agent itself reads (the rest belong to the sliver network). */
    public static Set<String> agentKeys() {
        return DEFAULTS.keySet();
    }

    private static <T> T get(Map<String, String> values, String key, Function<String, T> parser) {
        String text = values.get(key);
        try {
            return parser.apply(text);
        } catch (RuntimeException e) {
            throw PlanetLabException.invalidArgument("node agent config " + key + ": '" + text + "' is not valid ("
                    + e.getMessage() + ")");
        }
    }
}
