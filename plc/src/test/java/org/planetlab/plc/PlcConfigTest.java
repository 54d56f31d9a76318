package org.planetlab.plc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlcConfigTest {
    @Test
    void defaultsRunOnThisMachine(@TempDir Path dir) {
        PlcConfig config = PlcConfig.defaults(dir);
        assertThat(config.listenAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.store()).isEqualTo("jdbc:sqlite:" + dir.toAbsolutePath().resolve("plc.db"));
        assertThat(config.sliceAuthority()).isEqualTo("plc");
        assertThat(config.defaultMaxSlices()).isEqualTo(10);
        assertThat(config.passwordHashMemoryKib()).isEqualTo(19 * 1024);
        assertThat(config.storeUser()).isEmpty();
        assertThat(config.nodeReplayCacheEntries()).isEqualTo(100_000);
    }

    @Test
    void fileThenOverrides(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("plc.properties"), "port = 9000\nslice-authority = plc.japan\n"
                + "store = jdbc:postgresql://db/plc\nstore-user = plc\nnode-replay-cache-entries = 500000\n");
        PlcConfig config = PlcConfig.fromDataDir(dir, Map.of("port", "9001"));
        assertThat(config.port()).isEqualTo(9001);
        assertThat(config.sliceAuthority()).isEqualTo("plc.japan");
        assertThat(config.store()).isEqualTo("jdbc:postgresql://db/plc");
        assertThat(config.storeUser()).contains("plc");
        assertThat(config.nodeReplayCacheEntries()).isEqualTo(500_000);
    }

    @Test
    void badValuesNameTheKey(@TempDir Path dir) {
        assertThatThrownBy(() -> PlcConfig.fromDataDir(dir, Map.of("port", "eighty")))
                .hasMessageContaining("configuration key port: \"eighty\" is not valid; expected a whole number");
        assertThatThrownBy(() -> PlcConfig.fromDataDir(dir, Map.of("port", "70000")))
                .hasMessageContaining("configuration key port");
        assertThatThrownBy(() -> PlcConfig.fromDataDir(dir, Map.of("listen-address", "localhost")))
                .hasMessageContaining("configuration key listen-address");
        assertThatThrownBy(() -> PlcConfig.fromDataDir(dir, Map.of("slice-authority", "PLC!")))
                .hasMessageContaining("configuration key slice-authority");
        assertThatThrownBy(() -> PlcConfig.fromDataDir(dir, Map.of("max-request-bytes", "10")))
                .hasMessageContaining("configuration key max-request-bytes");
        assertThatThrownBy(() -> PlcConfig.fromDataDir(dir, Map.of("node-replay-cache-entries", "10")))
                .hasMessageContaining("configuration key node-replay-cache-entries");
        assertThatThrownBy(() -> PlcConfig.fromDataDir(dir, Map.of("colour", "red")))
                .hasMessageContaining("unknown configuration key [colour]");
        assertThatThrownBy(() -> PlcConfig.fromDataDir(dir, Map.of("colour.red", "yes")))
                .hasMessageContaining("unknown configuration key [colour.red]").hasMessageContaining("mail.smtp-host");
    }

    @Test
    void sectionKeysGoToTheirSectionWithoutTheSectionName(@TempDir Path dir) {
        PlcConfig config = PlcConfig.fromDataDir(dir, Map.of("mail.smtp-host", "mx.example.org", "mail.from",
                "plc@example.org", "am.port", "12346"));
        assertThat(config.section("mail")).isEqualTo(Map.of("smtp-host", "mx.example.org", "from", "plc@example.org"));
        assertThat(config.section("am")).isEqualTo(Map.of("port", "12346"));
        assertThat(config.section("portal")).isEmpty();
    }
}
