package org.planetlab.plc.agreement;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.plc.store.Database;

/**
 * A store that existed before agreements were recorded keeps its live sites able to create
 * slices: migrating it records an agreement for each of them, with no signer and no operator.
 */
class SiteAgreementMigrationTest {
    @Test
    void existingLiveSitesGetAnAgreementFromBeforeRecords(@TempDir Path directory) throws Exception {
        String url = "jdbc:sqlite:" + directory.resolve("plc.db");
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("28").load()
                .migrate();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO sites (site_id, login_base, name, abbreviated_name, max_slices,"
                    + " max_slivers, is_public, enabled, date_created, last_updated, deleted) VALUES"
                    + " (1, 'princeton', 'Princeton', 'Princeton', 10, 100, TRUE, TRUE, 1000, 1000, FALSE),"
                    + " (2, 'gone', 'Gone', 'Gone', 10, 100, TRUE, TRUE, 2000, 2000, TRUE)");
        }
        try (Database database = Database.open(url, Optional.empty(), Optional.empty())) {
            List<SiteAgreement> rows = database.read(handle -> handle.createQuery("SELECT site_id FROM sites")
                    .mapTo(Long.class).list().stream()
                    .flatMap(siteId -> SiteAgreementService.find(handle, siteId).stream()).toList());
            assertThat(rows).containsExactly(new SiteAgreement(1, "princeton", "before-records", OptionalLong.empty(),
                    1000, OptionalLong.empty()));
            long agreements = database.read(handle -> handle.createQuery("SELECT COUNT(*) FROM site_agreements")
                    .mapTo(Long.class).one());
            assertThat(agreements).as("deleted sites get none").isEqualTo(1L);
        }
    }
}
