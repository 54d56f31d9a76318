package org.planetlab.node.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.privileged.Privileged;

/**
 * Privileged: the drop log names devices by index, and a sliver's veth made moments before its
 * first dropped packet must still be named (else that packet's record is lost).
 */
@Privileged
class NodeDevicesTest {
    private static final HostCommand HOST = HostCommand.onHost();

    @Test
    void aDeviceMadeJustBeforeItsFirstLoggedPacketIsNamedWithinTheSameSecond() {
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        String namespace = "plnd" + HexFormat.of().formatHex(random);
        HOST.run(List.of("ip", "netns", "add", namespace));
        try {
            HostCommand node = new HostCommand(List.of("nsenter", "--net=/run/netns/" + namespace), Duration.ofSeconds(30));
            // The clock stands still: everything below happens within one second of the first reading.
            Instant now = Instant.now();
            NodeDevices devices = new NodeDevices(node, Clock.fixed(now, ZoneOffset.UTC));
            assertThat(devices.name(1, now.toEpochMilli())).isEqualTo("lo");

            node.run(List.of("ip", "link", "add", "plvnew0", "type", "veth", "peer", "name", "plvnew1"));
            // "N: plvnew0@plvnew1: ..." (nsenter leaves /sys the host's, so ip is asked).
            int index = Integer.parseInt(node.run(List.of("ip", "-o", "link", "show", "plvnew0")).split(":")[0].strip());
            assertThat(devices.name(index, now.toEpochMilli() + 5)).as("the new device, for a packet logged after the reading")
                    .isEqualTo("plvnew0");

            assertThat(devices.name(0, now.toEpochMilli())).isNull();
        } finally {
            HOST.runAllowingFailure(List.of("ip", "netns", "del", namespace), null);
        }
    }
}
