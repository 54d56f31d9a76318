package org.planetlab.node.audit;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.api.error.PlanetLabException;

/**
 * Flow auditing on one node (docs/auditing.md, "On the node").
 *
 * @param nodeId the node's id at PLC, written in every record
 * @param publicAddress the node's public address, the source of its slivers' traffic after NAT
 * @param devicePrefix the start of the slivers' node-side veth names ({@code device-prefix})
 * @param directory where the flow store and the marks live (mode 0700)
 * @param retention how long records are kept
 * @param budgetBytes the most bytes the store may take
 * @param activeTimeout how often a long flow's counters are cut into a record
 * @param dropFlushInterval how often dropped packets gathered into flows are written
 * @param tableName the audit's nftables table
 */
public record AuditSettings(int nodeId, String publicAddress, String devicePrefix, Path directory, Duration retention,
        long budgetBytes, Duration activeTimeout, Duration dropFlushInterval, String tableName) {
    private static final Set<String> KEYS = Set.of("node-id", "public-address", "device-prefix", "audit-dir",
            "retention-days", "budget-megabytes", "active-timeout-seconds", "drop-flush-seconds", "table");

    public AuditSettings {
        requireNonNull(publicAddress, "publicAddress is null");
        requireNonNull(devicePrefix, "devicePrefix is null");
        requireNonNull(directory, "directory is null");
        requireNonNull(retention, "retention is null");
        requireNonNull(activeTimeout, "activeTimeout is null");
        requireNonNull(dropFlushInterval, "dropFlushInterval is null");
        requireNonNull(tableName, "tableName is null");
        check(nodeId > 0, "node-id must be positive");
        check(FlowRecord.isAddressLiteral(publicAddress), "public-address is not an address: " + publicAddress);
        check(devicePrefix.matches("[a-z][a-z0-9]{0,9}"), "device-prefix must be 1-10 lower-case letters and digits");
        check(tableName.matches("[a-z][a-z0-9_]{0,31}"), "table must be a lower-case nftables name");
        check(!retention.isNegative() && !retention.isZero(), "retention-days must be positive");
        check(budgetBytes > 0, "budget-megabytes must be positive");
        check(activeTimeout.toMillis() >= 500, "active-timeout-seconds must be at least 1");
        check(dropFlushInterval.toMillis() >= 100, "drop-flush-seconds must be positive");
    }

    /**
     * Reads dashed keys: {@code node-id}, {@code public-address}, {@code audit-dir} (required),
     * {@code device-prefix} (plv), {@code retention-days} (7), {@code budget-megabytes} (2048),
     * {@code active-timeout-seconds} (300), {@code drop-flush-seconds} (10), {@code table}
     * (planetlab_audit).
     */
    public static AuditSettings read(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        for (String key : all.keySet()) {
            check(KEYS.contains(key), "unknown audit setting '" + key + "'; known: " + KEYS);
        }
        try {
            return new AuditSettings(Integer.parseInt(required(all, "node-id")), required(all, "public-address"),
                    all.getOrDefault("device-prefix", "plv"), Path.of(required(all, "audit-dir")),
                    Duration.ofDays(Long.parseLong(all.getOrDefault("retention-days", "7"))),
                    Long.parseLong(all.getOrDefault("budget-megabytes", "2048")) * 1024 * 1024,
                    Duration.ofMillis(Math.round(Double.parseDouble(all.getOrDefault("active-timeout-seconds", "300")) * 1000)),
                    Duration.ofMillis(Math.round(Double.parseDouble(all.getOrDefault("drop-flush-seconds", "10")) * 1000)),
                    all.getOrDefault("table", "planetlab_audit"));
        } catch (NumberFormatException e) {
            throw PlanetLabException.invalidArgument("audit setting is not a number: " + e.getMessage());
        }
    }

    private static String required(Map<String, String> values, String key) {
        String value = values.get(key);
        check(value != null && !value.isBlank(), "audit setting '" + key + "' is required");
        return value;
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw PlanetLabException.invalidArgument(message);
        }
    }
}
