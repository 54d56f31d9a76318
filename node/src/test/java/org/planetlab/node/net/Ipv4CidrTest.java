package org.planetlab.node.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

class Ipv4CidrTest {
    @Test
    void readsNetworksAndBareAddresses() {
        Ipv4Cidr network = Ipv4Cidr.parse(" 192.0.2.0/24 ");

        assertThat(network.toString()).isEqualTo("192.0.2.0/24");
        assertThat(network.size()).isEqualTo(256);
        assertThat(network.addressAt(255).getHostAddress()).isEqualTo("192.0.2.255");
        assertThat(network.contains(Ipv4Cidr.parseAddress("192.0.2.77"))).isTrue();
        assertThat(network.contains(Ipv4Cidr.parseAddress("192.0.3.1"))).isFalse();
        assertThat(Ipv4Cidr.parse("198.51.100.7").prefixLength()).isEqualTo(32);
        assertThat(Ipv4Cidr.parse("0.0.0.0/0").contains(Ipv4Cidr.parseAddress("203.0.113.9"))).isTrue();
    }

    @Test
    void overlapIsSymmetric() {
        Ipv4Cidr wide = Ipv4Cidr.parse("10.0.0.0/8");
        Ipv4Cidr narrow = Ipv4Cidr.parse("10.200.0.0/16");

        assertThat(wide.overlaps(narrow)).isTrue();
        assertThat(narrow.overlaps(wide)).isTrue();
        assertThat(narrow.overlaps(Ipv4Cidr.parse("10.201.0.0/16"))).isFalse();
    }

    @Test
    void refusesWhatIsNotAnIpv4Network() {
        for (String text : new String[] {"10.0.0.1/8", "256.1.1.1/32", "10.0.0.0/33", "example.org", "10.0.0/8", "::1/128", ""}) {
            assertThatThrownBy(() -> Ipv4Cidr.parse(text))
                    .as(text)
                    .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                    .hasMessageContaining("'" + text + "'");
        }
    }

    @Test
    void addressesOutsideTheNetworkAreRefused() {
        assertThatThrownBy(() -> Ipv4Cidr.parse("192.0.2.0/30").addressAt(4)).isInstanceOf(IllegalArgumentException.class);
    }
}
