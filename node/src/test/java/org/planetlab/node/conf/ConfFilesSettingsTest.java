package org.planetlab.node.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.planetlab.api.error.PlanetLabException;

class ConfFilesSettingsTest {
    @Test
    void defaultsInstallUnderEtcPlanetlabEveryMinute() {
        ConfFilesSettings settings = ConfFilesSettings.from(Map.of("device-prefix", "plv"));
        assertThat(settings.root()).isEqualTo(Path.of("/"));
        assertThat(settings.directories()).containsExactly(Path.of("/etc/planetlab"));
        assertThat(settings.interval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.commandTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void keysAreReadAndLeftOutForTheOthers() {
        Map<String, String> keys = Map.of("conf-files-root", "/srv/node1/root", "conf-files-dirs", "/etc/planetlab, /etc/ntp",
                "conf-files-seconds", "0.5", "conf-files-command-seconds", "2", "device-prefix", "plv");
        ConfFilesSettings settings = ConfFilesSettings.from(keys);
        assertThat(settings.root()).isEqualTo(Path.of("/srv/node1/root"));
        assertThat(settings.directories()).isEqualTo(List.of(Path.of("/etc/planetlab"), Path.of("/etc/ntp")));
        assertThat(settings.interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(ConfFilesSettings.withoutConfFileKeys(keys)).isEqualTo(Map.of("device-prefix", "plv"));
    }

    @Test
    void badValuesAreRefusedByKey() {
        for (Map.Entry<String, String> bad : List.of(Map.entry("conf-files-root", "relative/root"),
                Map.entry("conf-files-dirs", "/etc/../root"), Map.entry("conf-files-dirs", "/"),
                Map.entry("conf-files-dirs", "etc"), Map.entry("conf-files-seconds", "soon"),
                Map.entry("conf-files-seconds", "0"), Map.entry("conf-files-command-seconds", "100000"))) {
            assertThatThrownBy(() -> ConfFilesSettings.from(Map.of(bad.getKey(), bad.getValue())))
                    .as(bad.toString()).isInstanceOf(PlanetLabException.class).hasMessageContaining(bad.getKey());
        }
    }
}
