package org.planetlab.api.scs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/** The settings file the node agent writes and the slice creation service reads at its start. */
class ScsSettingsTest {
    private static final ScsSettings SETTINGS = new ScsSettings(Path.of("/run/planetlab/node-manager.sock"),
            URI.create("https://plc.example.org:8443/"), Path.of("plc-ca.pem"), Path.of("roots"), Path.of("tls/key.pem"),
            Path.of("tls/chain.pem"), "10.0.0.7", 8812, Duration.ofSeconds(20), Duration.ofSeconds(600));

    @TempDir
    Path directory;

    @Test
    void theServiceReadsWhatTheAgentWrote() throws Exception {
        Path file = directory.resolve(ScsSettings.FILE);
        Files.writeString(file, SETTINGS.fileContent());
        assertThat(ScsSettings.read(file)).isEqualTo(SETTINGS);
    }

    @Test
    void aMissingSettingIsNamed() throws Exception {
        Path file = directory.resolve(ScsSettings.FILE);
        Files.writeString(file, SETTINGS.fileContent().replaceAll("(?m)^port = .*$", ""));
        assertThatThrownBy(() -> ScsSettings.read(file)).isInstanceOf(PlanetLabException.class)
                .hasMessageContaining("setting port is missing")
                .satisfies(failure -> assertThat(((PlanetLabException) failure).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
}
