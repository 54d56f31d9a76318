package org.planetlab.node.net.slots;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.planetlab.node.net.Ipv4Cidr;

class SliverLinkMessagesTest {
    @Test
    void configuresLoopbackDeviceAddressAndDefaultRoute() {
        byte[] requests = SliverLinkMessages.encode(7, Ipv4Cidr.parseAddress("10.200.0.9"), Ipv4Cidr.parseAddress("10.200.0.1"), 40);

        List<int[]> headers = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.wrap(requests).order(ByteOrder.nativeOrder());
        while (buffer.hasRemaining()) {
            int start = buffer.position();
            int length = buffer.getInt();
            headers.add(new int[] {Short.toUnsignedInt(buffer.getShort()), Short.toUnsignedInt(buffer.getShort()), buffer.getInt()});
            byte[] body = new byte[length - 16];
            buffer.position(start + 16);
            buffer.get(body);
            bodies.add(body);
            buffer.position(start + ((length + 3) & ~3));
        }

        assertThat(headers).hasSize(SliverLinkMessages.REQUESTS);
        assertThat(headers.stream().map(header -> header[0])).containsExactly(16, 16, 20, 24);
        assertThat(headers.stream().map(header -> header[2])).containsExactly(40, 41, 42, 43);
        assertThat(headers.stream().allMatch(header -> (header[1] & 0x5) == 0x5)).as("requests asking for an ack").isTrue();
        assertThat(ByteBuffer.wrap(bodies.get(0)).order(ByteOrder.nativeOrder()).getInt(4)).as("loopback index").isEqualTo(1);
        assertThat(ByteBuffer.wrap(bodies.get(1)).order(ByteOrder.nativeOrder()).getInt(4)).as("device index").isEqualTo(7);
        String address = HexFormat.of().formatHex(bodies.get(2));
        assertThat(address).startsWith("02200000" + "07000000").contains("08000200" + "0ac80009");
        String route = HexFormat.of().formatHex(bodies.get(3));
        assertThat(route).startsWith("02000000fe030001" + "04000000").contains("08000500" + "0ac80001").contains("08000400" + "07000000");
    }
}
