package org.planetlab.node.vsys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.planetlab.api.error.PlanetLabException;

class VsysSettingsTest {
    @Test
    void defaultsWhenNothingIsGiven() {
        assertThat(VsysSettings.from(Map.of())).isEqualTo(VsysSettings.defaults());
        assertThat(VsysSettings.defaults().scriptsDirectory()).isEqualTo(Path.of("/etc/planetlab/vsys"));
    }

    @Test
    void readsItsKeysAndLeavesTheOthers() {
        Map<String, String> keys = Map.of("vsys-dir", "/srv/vsys", "vsys-seconds", "2.5", "vsys-runs-per-slice", "3",
                "vsys-output-bytes", "1024", "uplink-device", "eth0");
        VsysSettings settings = VsysSettings.from(keys);
        assertThat(settings.scriptsDirectory()).isEqualTo(Path.of("/srv/vsys"));
        assertThat(settings.runTime()).isEqualTo(Duration.ofMillis(2500));
        assertThat(settings.runsPerSlice()).isEqualTo(3);
        assertThat(settings.outputBytes()).isEqualTo(1024);
        assertThat(VsysSettings.withoutVsysKeys(keys)).isEqualTo(Map.of("uplink-device", "eth0"));
    }

    @Test
    void badValuesAreRefusedByKey() {
        assertThatThrownBy(() -> VsysSettings.from(Map.of("vsys-request-bytes", "lots"))).isInstanceOf(PlanetLabException.class)
                .hasMessageContaining("vsys-request-bytes");
        assertThatThrownBy(() -> VsysSettings.from(Map.of("vsys-seconds", "0"))).hasMessageContaining("vsys-seconds");
        assertThatThrownBy(() -> VsysSettings.from(Map.of("vsys-runs-per-slice", "0"))).hasMessageContaining("vsys-runs-per-slice");
        assertThatThrownBy(() -> VsysSettings.from(Map.of("vsys-runs-per-slice", "8", "vsys-runs-per-node", "4")))
                .hasMessageContaining("vsys-runs-per-node");
    }
}
