package org.planetlab.plc.audit;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.config.ConfigSection;

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
    public static AuditSettings from(Map<String, String> keys, Path dataDir) {
        ConfigSection section = ConfigSection.of("audit", keys, KEYS);
        return new AuditSettings(section.text("engine").orElse("duckdb"),
                dataDir.resolve(section.text("path").orElse(FILE_NAME)),
                (int) section.number("retention-days", 30, Integer.MIN_VALUE, Integer.MAX_VALUE),
                section.number("max-sequence-gap", 100_000, Long.MIN_VALUE, Long.MAX_VALUE),
                (int) section.number("complaints-per-node-per-hour", 30, Integer.MIN_VALUE, Integer.MAX_VALUE),
                (int) section.number("complaints-per-reporter-per-hour", 5, Integer.MIN_VALUE, Integer.MAX_VALUE),
                (int) section.number("memory-limit-mb", 1024, Integer.MIN_VALUE, Integer.MAX_VALUE));
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw PlanetLabException.invalidArgument(message);
        }
    }
}
