package org.planetlab.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Two peered testbeds keep every name apart: domains, sites, slices, people, kernel objects, addresses. */
class PeeredLayoutsTest {
    private final PeeredTestbed.Layouts layouts = PeeredTestbed.Layouts.of(Path.of("/tmp/peers"), 2, 1, "10.77.0",
            "10.76.0", 8443, "pltb", "pltc");

    @Test
    void eachPlcHasItsOwnNames() {
        TestbedLayout a = layouts.a();
        TestbedLayout b = layouts.b();
        assertThat(a.dataDir()).isEqualTo(Path.of("/tmp/peers/a"));
        assertThat(b.plcUrl()).isEqualTo("https://10.76.0.1:8444");
        assertThat(a.node(1).hostname()).isEqualTo("node1.a.testbed.planetlab.test");
        assertThat(b.node(1).hostname()).isEqualTo("node1.b.testbed.planetlab.test");
        assertThat(TestbedSeed.slice(a)).isEqualTo("demoa_hello");
        assertThat(TestbedSeed.user(b)).isEqualTo("user@b.testbed.planetlab.test");
        assertThat(Testbed.operator(a)).isNotEqualTo(Testbed.operator(b));
        assertThat(a.peerName()).isEqualTo("plc-a");
        assertThat(TestbedMetrics.plcListen(a)).isNotEqualTo(TestbedMetrics.plcListen(b));

        // A testbed with one PLC keeps the names it always had.
        TestbedLayout lone = new TestbedLayout(Path.of("/tmp/lone"), 1, "10.77.0", 8443);
        assertThat(lone.node(1).hostname()).isEqualTo("node1." + TestbedLayout.DOMAIN);
        assertThat(TestbedSeed.slice(lone)).isEqualTo(TestbedSeed.SLICE);
        assertThat(TestbedSeed.user(lone)).isEqualTo(TestbedSeed.USER);
        assertThatThrownBy(lone::peerName).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void twoPlcsSharingASubnetNumberPrefixOrPortAreRefused() {
        assertThatThrownBy(() -> PeeredTestbed.Layouts.of(Path.of("/tmp/peers"), 1, 1, "10.77.0", "10.77.1", 8443,
                "pltb", "pltc")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("second number");
        assertThatThrownBy(() -> PeeredTestbed.Layouts.of(Path.of("/tmp/peers"), 1, 1, "10.77.0", "10.76.0", 8443,
                "pltb", "pltb")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two prefixes");
        assertThatThrownBy(() -> new TestbedLayout(Path.of("/tmp/x"), 1, "10.77.0", 8443, "pltb", "ab"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one lowercase letter");
    }
}
