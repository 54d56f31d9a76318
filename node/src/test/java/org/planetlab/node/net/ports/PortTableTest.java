package org.planetlab.node.net.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.error.PlanetLabException;

class PortTableTest {
    @TempDir
    Path state;

    @Test
    void holdsSurviveReopeningAndAreForgottenByKey() {
        PortTable table = PortTable.open(state.resolve("ports"));
        table.put(new PortHold(PortKey.tcp(8080), "princeton_codeen", PortHold.Basis.RESERVED));
        table.put(new PortHold(PortKey.udp(5353), "mit_dht", PortHold.Basis.LISTENING));

        PortTable reopened = PortTable.open(state.resolve("ports"));

        assertThat(reopened.all()).containsExactly(new PortHold(PortKey.tcp(8080), "princeton_codeen", PortHold.Basis.RESERVED),
                new PortHold(PortKey.udp(5353), "mit_dht", PortHold.Basis.LISTENING));
        assertThat(reopened.of("mit_dht")).extracting(PortHold::key).containsExactly(PortKey.udp(5353));
        reopened.remove(List.of(PortKey.tcp(8080)));
        assertThat(PortTable.open(state.resolve("ports")).holder(PortKey.tcp(8080))).isEmpty();
        assertThat(Files.exists(state.resolve("ports.new"))).as("written through a new file renamed over the old").isFalse();
    }

    @Test
    void aDamagedTableIsRefusedNamingTheLine() throws IOException {
        Files.writeString(state.resolve("ports"), "tcp 8080 princeton_codeen reserved\nsctp 9 x reserved\n");

        assertThatThrownBy(() -> PortTable.open(state.resolve("ports"))).isInstanceOf(PlanetLabException.class)
                .hasMessageContaining("port table line 'sctp 9 x reserved' is not valid");
    }

    @Test
    void listenersAreTcpSocketsInListenAndUnconnectedUdpOutsideTheEphemeralRange() {
        String tcp = """
                  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
                   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1
                   1: 0900C80A:A3C2 0200FE0A:0050 01 00000000:00000000 00:00000000 00000000     0        0 2 1
                """;
        String udp = """
                   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
                  1: 00000000:270F 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 3 2
                  2: 00000000:9C40 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4 2
                  3: 0900C80A:1F91 0200FE0A:0035 01 00000000:00000000 00:00000000 00000000     0        0 5 2
                """;
        Set<PortKey> keys = new TreeSet<>();

        Listeners.parse(tcp, Protocol.TCP, "0A", keys);
        Listeners.parse(udp, Protocol.UDP, "07", keys);

        assertThat(keys).containsExactly(PortKey.tcp(8080), PortKey.udp(9999));
    }
}
