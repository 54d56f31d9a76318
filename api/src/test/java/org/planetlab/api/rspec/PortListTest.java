package org.planetlab.api.rspec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.planetlab.api.error.PlanetLabException;

class PortListTest {
    @Test
    void readsPortsAndRangesIntoSortedCanonicalForm() {
        PortList list = PortList.parse("tcp_ports", " 9000-9002, 8080 ,443");

        assertThat(list.toString()).isEqualTo("443,8080,9000-9002");
        assertThat(list.ports()).containsExactly(443, 8080, 9000, 9001, 9002);
        assertThat(list.hasPrivileged()).isTrue();
        assertThat(list.contains(9001)).isTrue();
        assertThat(list.contains(9003)).isFalse();
        assertThat(PortList.parse("tcp_ports", "").isEmpty()).isTrue();
        assertThat(RspecAttribute.TCP_PORTS.canonical("8080, 80")).isEqualTo("80,8080");
    }

    @Test
    void refusesHostileListsNamingTheAttributeAndTheEntry() {
        assertRefused("8080;rm -rf /", "entry \"8080;rm -rf /\" is not a port");
        assertRefused("0", "outside the ports 1 to 65535");
        assertRefused("65536", "outside the ports 1 to 65535");
        assertRefused("9010-9000", "range \"9010-9000\" ends before it starts");
        assertRefused("8080,8000-8090", "entries 8000-8090 and 8080 overlap");
        assertRefused("8080,8080", "overlap");
        assertRefused("1-65535", "reserves 65535 ports, at most 1024");
        assertRefused("8080,,8081", "entry \"\" is not a port");
        assertRefused("-1", "is not a port");
        assertRefused("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33",
                "at most 32 ports or ranges");
    }

    @Test
    void findsOverlapsBetweenLists() {
        PortList mine = PortList.parse("tcp_ports", "8080,9000-9010");
        PortList theirs = PortList.parse("tcp_ports", "9005,7000");

        assertThat(mine.overlapsWith(theirs)).extracting(Object::toString).containsExactly("9000-9010");
        assertThat(mine.overlapsWith(PortList.parse("tcp_ports", "8081"))).isEmpty();
    }

    private static void assertRefused(String value, String message) {
        assertThatThrownBy(() -> PortList.parse("udp_ports", value))
                .isInstanceOf(PlanetLabException.class)
                .hasMessageContaining("udp_ports value")
                .hasMessageContaining(message);
    }
}
