package org.planetlab.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeAgentConfigLoaderTest {
    @Test
    void defaultsRunATestbedNode() {
        NodeAgentConfig config = NodeAgentConfigLoader.fromMap(Map.of());
        assertThat(config.prefix()).isEqualTo("pl");
        assertThat(config.stateDirectory()).isEqualTo(Path.of("/var/lib/planetlab/node"));
        assertThat(config.ownerScript()).isEqualTo(Path.of("/var/lib/planetlab/node/owner-script.properties"));
        assertThat(config.uidBaseOf(2)).isEqualTo(1_000_000_000L + 2 * 65_536);
    }

    @Test
    void otherKeysGoToTheNetwork() {
        NodeAgentConfig config = NodeAgentConfigLoader.fromMap(Map.of("prefix", "n1", "uplink-device", "eth0"));
        assertThat(config.network()).containsExactly(Map.entry("uplink-device", "eth0"));
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> NodeAgentConfigLoader.fromMap(Map.of("prefix", "Bad_Prefix"))).hasMessageContaining("prefix");
        assertThatThrownBy(() -> NodeAgentConfigLoader.fromMap(Map.of("uid-base", "ten"))).hasMessageContaining("uid-base");
        assertThatThrownBy(() -> NodeAgentConfigLoader.fromMap(Map.of("uid-base", "4294000000"))).hasMessageContaining("uid-base");
        assertThatThrownBy(() -> NodeAgentConfigLoader.fromMap(Map.of("max-slivers", "0"))).hasMessageContaining("max-slivers");
        assertThatThrownBy(() -> NodeAgentConfigLoader.fromMap(Map.of("run-dir", "relative"))).hasMessageContaining("run-dir");
    }
}
