package org.planetlab.node.conf;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.planetlab.api.error.PlanetLabException;

/**
 * Where and how often the node installs PLC's configuration files, from the agent config's
 * {@code conf-files-*} keys (docs/node-agent.md, "Configuration files"):
 * {@code conf-files-root} (where a file's destination is placed: {@code /} on a real node, the
 * node's own directory in the testbed in a box), {@code conf-files-dirs} (comma-separated
 * directories a destination must be inside; default {@code /etc/planetlab}),
 * {@code conf-files-seconds} (how often PLC's files are compared with the node's; default 60) and
 * {@code conf-files-command-seconds} (how long a file's command may run; default 30).
 *
 * @param root where destinations are placed
 * @param directories the directories, as PLC names them, that destinations must be inside
 */
public record ConfFilesSettings(Path root, List<Path> directories, Duration interval, Duration commandTimeout) {
    static final Set<String> KEYS = Set.of("conf-files-root", "conf-files-dirs", "conf-files-seconds",
            "conf-files-command-seconds");

    public ConfFilesSettings {
        requireNonNull(root, "root is null");
        directories = List.copyOf(requireNonNull(directories, "directories is null"));
        requireNonNull(interval, "interval is null");
        requireNonNull(commandTimeout, "commandTimeout is null");
        check(root.isAbsolute(), "conf-files-root", "must be an absolute path, was " + root);
        for (Path directory : directories) {
            check(directory.isAbsolute() && directory.normalize().equals(directory) && directory.getNameCount() > 0,
                    "conf-files-dirs", "must list absolute directories other than / without '..', was " + directory);
        }
        check(interval.toMillis() >= 100, "conf-files-seconds", "must be at least 0.1");
        check(commandTimeout.toMillis() >= 100 && commandTimeout.toSeconds() <= 3600, "conf-files-command-seconds",
                "must be 0.1 to 3600");
    }

    /** The settings in an agent config's extra keys, with the defaults for those absent. */
    public static ConfFilesSettings from(Map<String, String> keys) {
        String dirs = keys.getOrDefault("conf-files-dirs", "/etc/planetlab").strip();
        return new ConfFilesSettings(Path.of(keys.getOrDefault("conf-files-root", "/").strip()),
                dirs.isEmpty() ? List.of() : Arrays.stream(dirs.split(",")).map(String::strip).map(Path::of).toList(),
                seconds(keys, "conf-files-seconds", "60"), seconds(keys, "conf-files-command-seconds", "30"));
    }

    /** The keys without these, for the readers of the others. */
    public static Map<String, String> withoutConfFileKeys(Map<String, String> keys) {
        Map<String, String> rest = new HashMap<>(keys);
        rest.keySet().removeAll(KEYS);
        return rest;
    }

    private static Duration seconds(Map<String, String> keys, String key, String fallback) {
        String text = keys.getOrDefault(key, fallback).strip();
        try {
            return Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000));
        } catch (NumberFormatException e) {
            throw PlanetLabException.invalidArgument("node agent config " + key + ": '" + text + "' is not a number of seconds");
        }
    }

    private static void check(boolean condition, String key, String problem) {
        if (!condition) {
            throw PlanetLabException.invalidArgument("node agent config " + key + ": " + problem);
        }
    }
}
