package org.planetlab.plc.audit;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.planetlab.api.error.PlanetLabException;

/**
 * The {@code audit.*} keys of PLC's configuration: where the flow archive lives, how long it keeps
 * flows, how far ahead of the last stored batch a node's batch may be numbered, and how many
 * complaints a node or a reporter may file per hour.
 *
 * @param engine the archive's engine; only {@code duckdb} (embedded) exists
 * @param path the archive's file
 * @param retentionDays how many days of flows the archive keeps
 * @param maxSequenceGap how far beyond a node's highest stored batch a new batch may be numbered
 * @param complaintsPerNodePerHour how many complaints one node may relay in an hour
 * @param complaintsPerReporterPerHour how many complaints one reporter address or person may file in an hour
 * @param memoryLimitMb the most memory the embedded engine may use (it shares PLC's machine)
 */
public record AuditSettings(String engine, Path path, int retentionDays, long maxSequenceGap,
        int complaintsPerNodePerHour, int complaintsPerReporterPerHour, int memoryLimitMb) {
    public static final String FILE_NAME = "flows.duckdb";
    private static final Set<String> KEYS = Set.of("engine", "path", "retention-days", "max-sequence-gap",
            "complaints-per-node-per-hour", "complaints-per-reporter-per-hour", "memory-limit-mb");

    public AuditSettings {
        requireNonNull(engine, "engine is null");
        requireNonNull(path, "path is null");
        if (!engine.equals("duckdb")) {
            throw PlanetLabException.invalidArgument("audit.engine must be duckdb (the embedded archive); got '" + engine
                    + "'; ClickHouse is not available yet");
        }
        check(retentionDays >= 1 && retentionDays <= 3660, "audit.retention-days must be 1-3660, got " + retentionDays);
        check(maxSequenceGap >= 1, "audit.max-sequence-gap must be at least 1, got " + maxSequenceGap);
        check(complaintsPerNodePerHour >= 1, "audit.complaints-per-node-per-hour must be at least 1");
        check(complaintsPerReporterPerHour >= 1, "audit.complaints-per-reporter-per-hour must be at least 1");
        check(memoryLimitMb >= 64 && memoryLimitMb <= 1_048_576, "audit.memory-limit-mb must be 64-1048576, got "
                + memoryLimitMb);
    }

    /** Reads the section's keys; relative paths are inside {@code dataDir}. Refuses keys it does not know. */
    public static AuditSettings from(Map<String, String> section, Path dataDir) {
        Set<String> unknown = new TreeSet<>(section.keySet());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw PlanetLabException.invalidArgument("unknown audit configuration keys " + unknown
                    + "; known keys are audit." + String.join(", audit.", new TreeSet<>(KEYS)));
        }
        String path = section.getOrDefault("path", FILE_NAME).strip();
        return new AuditSettings(section.getOrDefault("engine", "duckdb").strip(),
                dataDir.resolve(path.isEmpty() ? FILE_NAME : path),
                (int) number(section, "retention-days", 30),
                number(section, "max-sequence-gap", 100_000),
                (int) number(section, "complaints-per-node-per-hour", 30),
                (int) number(section, "complaints-per-reporter-per-hour", 5),
                (int) number(section, "memory-limit-mb", 1024));
    }

    private static long number(Map<String, String> section, String key, long fallback) {
        String text = section.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw PlanetLabException.invalidArgument("audit." + key + " must be a whole number, got '" + text + "'");
        }
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw PlanetLabException.invalidArgument(message);
        }
    }
}
