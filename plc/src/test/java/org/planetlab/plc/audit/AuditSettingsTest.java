package org.planetlab.plc.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The audit.* keys: defaults that need no set-up, and refusals that name the key. */
class AuditSettingsTest {
    private static final Path DATA = Path.of("/var/lib/plc");

    @Test
    void defaultsKeepThirtyDaysInTheDataDirectory() {
        AuditSettings settings = AuditSettings.from(Map.of(), DATA);
        assertThat(settings.engine()).isEqualTo("duckdb");
        assertThat(settings.path()).isEqualTo(DATA.resolve("flows.duckdb"));
        assertThat(settings.retentionDays()).isEqualTo(30);
        assertThat(AuditSettings.from(Map.of("retention-days", "7", "path", "archive/f.duckdb"), DATA))
                .extracting(AuditSettings::retentionDays, AuditSettings::path)
                .containsExactly(7, DATA.resolve("archive/f.duckdb"));
    }

    @Test
    void unknownKeysBadValuesAndClickHouseAreRefusedByName() {
        assertThatThrownBy(() -> AuditSettings.from(Map.of("retention", "7"), DATA))
                .hasMessageContaining("unknown audit configuration keys [audit.retention]");
        assertThatThrownBy(() -> AuditSettings.from(Map.of("retention-days", "0"), DATA))
                .hasMessageContaining("audit.retention-days must be 1-3660");
        assertThatThrownBy(() -> AuditSettings.from(Map.of("retention-days", "a week"), DATA))
                .hasMessageContaining("audit.retention-days must be a whole number");
        assertThatThrownBy(() -> AuditSettings.from(Map.of("engine", "clickhouse"), DATA))
                .hasMessageContaining("set audit.clickhouse-url");
        assertThatThrownBy(() -> AuditSettings.from(Map.of("engine", "cassandra"), DATA))
                .hasMessageContaining("audit.engine must be duckdb");
        assertThatThrownBy(() -> AuditSettings.from(Map.of("clickhouse-url", "http://127.0.0.1:8123/"), DATA))
                .hasMessageContaining("only with audit.engine=clickhouse");
        assertThatThrownBy(() -> AuditSettings.from(Map.of("engine", "clickhouse", "clickhouse-url",
                "http://127.0.0.1:8123/", "clickhouse-database", "flows; DROP TABLE x"), DATA))
                .hasMessageContaining("audit.clickhouse-database must be letters");
    }

    @Test
    void clickHouseIsConfiguredByItsUrlAndKeepsItsPasswordOutOfMessages() {
        AuditSettings settings = AuditSettings.from(Map.of("engine", "clickhouse", "clickhouse-url",
                "http://127.0.0.1:8123/", "clickhouse-user", "plc", "clickhouse-password", "s3cret"), DATA);
        ClickHouseSettings clickHouse = settings.clickHouse().orElseThrow();
        assertThat(clickHouse.database()).isEqualTo("planetlab");
        assertThat(clickHouse.user()).isEqualTo("plc");
        assertThat(clickHouse.password()).isEqualTo("s3cret");
        assertThat(settings.toString()).doesNotContain("s3cret");
    }
}
