package org.planetlab.node.vsys;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.planetlab.api.error.PlanetLabException;

/**
 * The privileged helper scripts' settings (docs/vsys.md), from the agent's configuration.
 *
 * @param scriptsDirectory where the operator installs scripts and their {@code <script>.acl} files
 * @param requestBytes the longest request line a sliver may write
 * @param outputBytes the most a helper may answer; the rest is cut
 * @param runTime how long one run may take before it is killed
 * @param runsPerSlice helpers one slice may have running at once
 * @param runsPerNode helpers all slices together may have running at once
 */
public record VsysSettings(Path scriptsDirectory, int requestBytes, int outputBytes, Duration runTime, int runsPerSlice,
        int runsPerNode) {
    public static final Path DEFAULT_DIRECTORY = Path.of("/etc/planetlab/vsys");
    private static final Set<String> KEYS = Set.of("vsys-dir", "vsys-request-bytes", "vsys-output-bytes", "vsys-seconds",
            "vsys-runs-per-slice", "vsys-runs-per-node");

    public VsysSettings {
        requireNonNull(scriptsDirectory, "scriptsDirectory is null");
        requireNonNull(runTime, "runTime is null");
        check(requestBytes >= 16 && requestBytes <= 1 << 20, "vsys-request-bytes", "must be 16 to 1048576");
        check(outputBytes >= 16 && outputBytes <= 64 << 20, "vsys-output-bytes", "must be 16 to 67108864");
        check(runTime.toMillis() >= 100 && runTime.toSeconds() <= 3600, "vsys-seconds", "must be 0.1 to 3600");
        check(runsPerSlice >= 1 && runsPerSlice <= 64, "vsys-runs-per-slice", "must be 1 to 64");
        check(runsPerNode >= runsPerSlice && runsPerNode <= 1024, "vsys-runs-per-node", "must be vsys-runs-per-slice to 1024");
    }

    public static VsysSettings defaults() {
        return new VsysSettings(DEFAULT_DIRECTORY, 4096, 1 << 20, Duration.ofSeconds(30), 2, 16);
    }

    /** The settings from the agent's leftover keys; defaults for those not given. */
    public static VsysSettings from(Map<String, String> keys) {
        VsysSettings defaults = defaults();
        return new VsysSettings(
                Path.of(keys.getOrDefault("vsys-dir", defaults.scriptsDirectory().toString())),
                number(keys, "vsys-request-bytes", defaults.requestBytes()),
                number(keys, "vsys-output-bytes", defaults.outputBytes()),
                seconds(keys, defaults.runTime()),
                number(keys, "vsys-runs-per-slice", defaults.runsPerSlice()),
                number(keys, "vsys-runs-per-node", defaults.runsPerNode()));
    }

    /** The keys without this part's, for the next reader (which refuses keys it does not know). */
    public static Map<String, String> withoutVsysKeys(Map<String, String> keys) {
        Map<String, String> rest = new HashMap<>(keys);
        rest.keySet().removeAll(KEYS);
        return rest;
    }

    private static int number(Map<String, String> keys, String key, int absent) {
        String text = keys.get(key);
        if (text == null) {
            return absent;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw PlanetLabException.invalidArgument("node agent config " + key + ": '" + text + "' is not a whole number");
        }
    }

    private static Duration seconds(Map<String, String> keys, Duration absent) {
        String text = keys.get("vsys-seconds");
        if (text == null) {
            return absent;
        }
        try {
            return Duration.ofMillis(Math.round(Double.parseDouble(text.strip()) * 1000));
        } catch (NumberFormatException e) {
            throw PlanetLabException.invalidArgument("node agent config vsys-seconds: '" + text + "' is not a number of seconds");
        }
    }

    private static void check(boolean condition, String key, String problem) {
        if (!condition) {
            throw PlanetLabException.invalidArgument("node agent config " + key + ": " + problem);
        }
    }
}
