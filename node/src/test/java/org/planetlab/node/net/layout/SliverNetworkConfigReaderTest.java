package org.planetlab.node.net.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.net.Ipv4Cidr;

class SliverNetworkConfigReaderTest {
    private static final Map<String, String> REQUIRED = Map.of("uplink-device", "eth0", "node-address", "192.0.2.10");

    @Test
    void defaultsRunTheTestbedInABox() {
        SliverNetworkConfig config = SliverNetworkConfigReader.read(REQUIRED);

        assertThat(config.namespacePrefix()).isEqualTo("pl-sliver-");
        assertThat(config.devicePrefix()).isEqualTo("plv");
        assertThat(config.sliverSubnet()).isEqualTo(Ipv4Cidr.parse("10.200.0.0/16"));
        assertThat(config.nodeRateKbps()).isEqualTo(100_000);
        assertThat(config.probePacketsPerSecond()).isEqualTo(10);
        assertThat(config.blockedDestinations()).isEmpty();
        assertThat(config.leafQueue()).isEqualTo(LeafQueue.AUTO);
        assertThat(config.tableName()).isEqualTo("planetlab");
    }

    @Test
    void readsEveryKey() {
        SliverNetworkConfig config = SliverNetworkConfigReader.read(with(Map.of(
                "namespace-prefix", "node7-",
                "device-prefix", "n7v",
                "blocked-destinations", "198.51.100.0/24, 203.0.113.5",
                "leaf-queue", "bfifo",
                "spare-slots", "0",
                "connection-attempts-per-second", "0")));

        assertThat(config.namespacePrefix()).isEqualTo("node7-");
        assertThat(config.blockedDestinations()).containsExactly(Ipv4Cidr.parse("198.51.100.0/24"), Ipv4Cidr.parse("203.0.113.5/32"));
        assertThat(config.leafQueue()).isEqualTo(LeafQueue.BFIFO);
        assertThat(config.spareSlots()).isZero();
        assertThat(config.connectionAttemptsPerSecond()).isZero();
    }

    @Test
    void errorsNameTheKey() {
        assertRefused(Map.of("node-address", "192.0.2.10"), "uplink-device");
        assertRefused(with(Map.of("node-rate-kbps", "fast")), "node-rate-kbps");
        assertRefused(with(Map.of("device-prefix", "averylongprefix")), "device-prefix");
        assertRefused(with(Map.of("sliver-subnet", "192.0.2.0/24")), "sliver-subnet");
        assertRefused(with(Map.of("node-reserved-kbps", "200000")), "node-reserved-kbps");
        assertRefused(with(Map.of("blocked-destinations", "10.0.0.1/8")), "blocked-destinations");
        assertRefused(with(Map.of("leaf-queue", "cake")), "leaf-queue");
        assertRefused(with(Map.of("uplink-device", "plv0")), "uplink-device");
        assertRefused(with(Map.of("bogus-key", "1")), "bogus-key");
    }

    private static void assertRefused(Map<String, String> values, String key) {
        assertThatThrownBy(() -> SliverNetworkConfigReader.read(values))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining(key);
    }

    private static Map<String, String> with(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(REQUIRED);
        values.putAll(overrides);
        return values;
    }
}
