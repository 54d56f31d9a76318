package org.planetlab.node.audit.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.audit.AttachedSlivers;
import org.planetlab.node.audit.AuditedSliverNetwork;
import org.planetlab.node.config.NodeAgentConfig;
import org.planetlab.node.config.NodeAgentConfigLoader;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.net.SliverNetwork;

class NodeAuditTest {
    @TempDir
    Path directory;

    @Test
    void auditingIsOnOnlyWithAnAuditDirectoryAndItsKeysStayOutOfTheNetworksConfig() {
        AttachedSlivers plain = new AttachedSlivers();
        assertThat(NodeAudit.around(plain, config(Map.of()), HostCommand.onHost())).isSameAs(plain);

        AttachedSlivers network = new AttachedSlivers();
        NodeAgentConfig config = config(Map.of("audit-dir", directory.resolve("audit").toString(), "audit-node-id", "12",
                "audit-page-address", "127.0.0.1", "audit-page-port", "0", "audit-retention-days", "3"));
        assertThat(NodeAudit.withoutAuditKeys(config.network())).doesNotContainKeys("audit-dir", "audit-node-id")
                .containsKey("node-address");
        SliverNetwork audited = NodeAudit.around(network, config, HostCommand.onHost());
        assertThat(audited).isInstanceOf(AuditedSliverNetwork.class);
        audited.close();
        assertThat(network.closed).isTrue();
        assertThat(directory.resolve("audit/flows")).isDirectory();
    }

    @Test
    void unknownAuditKeysAndAMissingNodeIdAreRefusedByName() {
        assertThatThrownBy(() -> NodeAudit.around(new AttachedSlivers(), config(Map.of("audit-dri", "/tmp/x")), HostCommand.onHost()))
                .isInstanceOf(PlanetLabException.class).hasMessageContaining("unknown config key audit-dri")
                .hasMessageContaining("audit-dir");
        assertThatThrownBy(() -> NodeAudit.around(new AttachedSlivers(),
                config(Map.of("audit-dir", directory.toString(), "audit-page-port", "off")), HostCommand.onHost()))
                .isInstanceOf(PlanetLabException.class).hasMessageContaining("audit-node-id is required");
    }

    private NodeAgentConfig config(Map<String, String> audit) {
        Map<String, String> values = new HashMap<>(audit);
        values.put("state-dir", directory.resolve("state").toString());
        values.put("uplink-device", "up0");
        values.put("node-address", "10.254.0.1");
        return NodeAgentConfigLoader.fromMap(values);
    }
}
