package org.planetlab.plc.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.planetlab.plc.testing.TestingPostgres;

class PostgresSmokeTest {
    @Test
    void migratesRealPostgres() {
        String url = TestingPostgres.newDatabase();
        try (Database database = Database.open(url, Optional.of("postgres"), Optional.of("postgres"))) {
            assertThat(database.dialect()).isEqualTo(Database.Dialect.POSTGRESQL);
            long roles = database.read(handle -> handle.createQuery("SELECT COUNT(*) FROM roles").mapTo(Long.class).one());
            assertThat(roles).isEqualTo(5);
            String version = database.read(handle -> handle.createQuery("SELECT version()").mapTo(String.class).one());
            assertThat(version).startsWith("PostgreSQL");
        }
    }
}
