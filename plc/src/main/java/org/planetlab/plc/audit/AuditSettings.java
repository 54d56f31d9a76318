package org.planetlab.plc.audit;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.config.ConfigSection;

/**
 * The {@code audit.*} keys of PLC's configuration: where the flow archive lives, how long it keeps
 * flows, how far ahead of the last stored batch a node's batch may be numbered, and how many
 * complaints a node or a reporter may file per hour.
 *
 * @param engine the archive's engine: {@code duckdb} (embedded, the default) or {@code clickhouse}
 * @param path the embedded archive's file
 * @param clickHouse where the ClickHouse archive is; present exactly when the engine is {@code clickhouse}
 * @param retentionDays how many days of flows the archive keeps
 * @param maxSequenceGap how far beyond a node's highest stored batch a new batch may be numbered
 * @param complaintsPerNodePerHour how many complaints one node may relay in an hour
 * @param complaintsPerReporterPerHour how many complaints one reporter address or person may file in an hour
 * @param memoryLimitMb the most memory the embedded engine may use (it shares PLC's machine)
 */
public record AuditSettings(String engine, Path path, Optional<ClickHouseSettings> clickHouse, int retentionDays, long maxSequenceGap,
        int complaintsPerNodePerHour, int complaintsPerReporterPerHour, int memoryLimitMb) {
    public static final String FILE_NAME = "flows.duckdb";
    private static final Set<String> KEYS = Set.of("engine", "path", "retention-days", "max-sequence-gap",
            "complaints-per-node-per-hour", "complaints-per-reporter-per-hour", "memory-limit-mb", "clickhouse-url",
            "clickhouse-database", "clickhouse-user", "clickhouse-password");

    public AuditSettings {
        requireNonNull(engine, "engine is null");
        requireNonNull(path, "path is null");
        requireNonNull(clickHouse, "clickHouse is null");
        if (!engine.equals("duckdb") && !engine.equals("clickhouse")) {
            throw PlanetLabException.invalidArgument("audit.engine must be duckdb (embedded, in the data directory) or"
                    + " clickhouse (a server, audit.clickhouse-url); got '" + engine + "'");
        }
        check(engine.equals("clickhouse") == clickHouse.isPresent(), "audit.clickhouse-url is needed exactly when"
                + " audit.engine is clickhouse");
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
        String engine = section.text("engine").orElse("duckdb");
        Optional<ClickHouseSettings> clickHouse = Optional.empty();
        if (engine.equals("clickhouse")) {
            String url = section.text("clickhouse-url").orElseThrow(() -> PlanetLabException.invalidArgument(
                    "audit.engine is clickhouse: set audit.clickhouse-url to the server's HTTP interface, e.g."
                            + " http://127.0.0.1:8123/"));
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw PlanetLabException.invalidArgument("audit.clickhouse-url is not a URL: '" + url + "'");
            }
            clickHouse = Optional.of(new ClickHouseSettings(uri, section.text("clickhouse-database").orElse("planetlab"),
                    section.text("clickhouse-user").orElse("default"), keys.getOrDefault("clickhouse-password", "")));
        } else if (keys.keySet().stream().anyMatch(key -> key.startsWith("clickhouse-"))) {
            throw PlanetLabException.invalidArgument("audit.clickhouse-* keys are used only with audit.engine=clickhouse");
        }
        return new AuditSettings(engine, dataDir.resolve(section.text("path").orElse(FILE_NAME)), clickHouse,
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
