package org.planetlab.node.net.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.planetlab.api.error.PlanetLabException;

class HttpByNameSettingsTest {
    @Test
    void offUnlessAPortIsGiven() {
        assertThat(HttpByNameSettings.from(Map.of("node-address", "10.0.0.1"))).isEmpty();
        assertThat(HttpByNameSettings.from(Map.of("http-by-name-port", "0"))).isEmpty();
    }

    @Test
    void keysAreReadWithTheNodesAddressByDefaultAndLeftOutForTheOthers() {
        Map<String, String> keys = Map.of("http-by-name-port", "80", "node-address", "10.0.0.1",
                "http-by-name-page", "127.0.0.1:8079", "device-prefix", "plv");
        HttpByNameSettings settings = HttpByNameSettings.from(keys).orElseThrow();
        assertThat(settings.listen()).isEqualTo(new InetSocketAddress("10.0.0.1", 80));
        assertThat(settings.nodePage()).isEqualTo(new InetSocketAddress("127.0.0.1", 8079));
        assertThat(settings.hostname()).isEqualTo(Optional.empty());
        assertThat(HttpByNameSettings.withoutHttpByNameKeys(keys)).isEqualTo(Map.of("node-address", "10.0.0.1",
                "device-prefix", "plv"));
    }

    @Test
    void badValuesAreRefusedByKey() {
        for (Map<String, String> bad : List.of(Map.of("http-by-name-port", "eighty", "http-by-name-page", "127.0.0.1:1",
                        "node-address", "10.0.0.1"),
                Map.of("http-by-name-port", "80", "node-address", "10.0.0.1"),
                Map.of("http-by-name-port", "80", "node-address", "10.0.0.1", "http-by-name-page", "127.0.0.1:0"),
                Map.of("http-by-name-port", "80", "http-by-name-page", "127.0.0.1:8079"))) {
            assertThatThrownBy(() -> HttpByNameSettings.from(bad)).as(bad.toString()).isInstanceOf(PlanetLabException.class)
                    .hasMessageContaining("http-by-name-");
        }
    }
}
