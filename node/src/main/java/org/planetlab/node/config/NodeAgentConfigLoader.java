package org.planetlab.node.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import org.planetlab.api.error.PlanetLabException;

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
        return Map.copyOf(values);
    }

    public static NodeAgentConfig load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw PlanetLabException.invalidArgument("cannot read node agent config " + file + ": " + e.getMessage());
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
                network);
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
