package org.planetlab.node.net.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SlotLayoutTest {
    private final SlotLayout layout = new SlotLayout(SliverNetworkConfigReader.read(Map.of(
            "uplink-device", "eth0", "node-address", "192.0.2.10", "namespace-prefix", "n1-s", "device-prefix", "n1v",
            "sliver-subnet", "10.200.0.0/16")));

    @Test
    void namesAndNumbersOfASlot() {
        assertThat(layout.namespaceName(42)).isEqualTo("n1-s42");
        assertThat(layout.namespacePath(42).toString()).isEqualTo("/run/netns/n1-s42");
        assertThat(layout.hostDevice(42)).isEqualTo("n1v42");
        assertThat(layout.address(42).getHostAddress()).isEqualTo("10.200.0.44");
        assertThat(layout.gateway().getHostAddress()).isEqualTo("10.200.0.1");
        assertThat(layout.mirrorAddress().getHostAddress()).isEqualTo("10.200.255.254");
        assertThat(layout.classId(42)).isEqualTo("1:3a");
        assertThat(layout.leafHandle(42)).isEqualTo("3a:");
    }

    @Test
    void slotsAreFoundBackFromEveryName() {
        assertThat(layout.slotOfNamespace("n1-s42")).hasValue(42);
        assertThat(layout.slotOfDevice("n1v42")).hasValue(42);
        assertThat(layout.slotOfClassMinor(0x3a)).hasValue(42);
        assertThat(layout.slotOfAddress(layout.address(42))).hasValue(42);
        assertThat(layout.slotOfNamespace("n1-s042")).isEmpty();
        assertThat(layout.slotOfNamespace("n1-s42x")).isEmpty();
        assertThat(layout.slotOfNamespace("n2-s42")).isEmpty();
        assertThat(layout.slotOfDevice(layout.mirrorDevice())).isEmpty();
        assertThat(layout.slotOfClassMinor(2)).isEmpty();
        assertThat(layout.slotOfAddress(layout.gateway())).isEmpty();
        assertThat(layout.slotOfAddress(layout.mirrorAddress())).isEmpty();
    }

    @Test
    void slotCountRespectsAddressesClassesAndNameLength() {
        assertThat(layout.slotCount()).as("HTB class numbers run out before a /16's addresses").isEqualTo(0xffff - 0x10 + 1);
        assertThat(layout.hostDevice(layout.slotCount() - 1).length()).isLessThanOrEqualTo(15);
        SlotLayout small = new SlotLayout(SliverNetworkConfigReader.read(Map.of(
                "uplink-device", "eth0", "node-address", "192.0.2.10", "sliver-subnet", "10.9.0.0/24")));
        assertThat(small.slotCount()).isEqualTo(252);
        assertThatThrownBy(() -> small.address(252)).isInstanceOf(IllegalArgumentException.class);
        SlotLayout wide = new SlotLayout(SliverNetworkConfigReader.read(Map.of(
                "uplink-device", "eth0", "node-address", "192.0.2.10", "sliver-subnet", "10.0.0.0/8")));
        assertThat(wide.slotCount()).isEqualTo(0xffff - 0x10 + 1);
    }
}
