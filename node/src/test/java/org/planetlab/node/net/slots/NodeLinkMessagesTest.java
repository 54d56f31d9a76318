package org.planetlab.node.net.slots;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.planetlab.node.net.Ipv4Cidr;

class NodeLinkMessagesTest {
    @Test
    void vethPairIsCreatedUpWithItsPeerInTheSliversNamespace() {
        byte[] request = NodeLinkMessages.vethPair("plv7", "eth0", 42, 9);
        ByteBuffer buffer = ByteBuffer.wrap(request).order(ByteOrder.nativeOrder());

        assertThat(buffer.getInt(0)).as("length").isEqualTo(request.length);
        assertThat(Short.toUnsignedInt(buffer.getShort(4))).as("RTM_NEWLINK").isEqualTo(16);
        assertThat(Short.toUnsignedInt(buffer.getShort(6))).as("request, ack, create, exclusive").isEqualTo(0x1 | 0x4 | 0x400 | 0x200);
        assertThat(buffer.getInt(8)).as("sequence").isEqualTo(9);
        assertThat(buffer.getInt(16 + 8)).as("flags: up").isEqualTo(1);
        String hex = HexFormat.of().formatHex(request);
        assertThat(hex).as("the node's end").contains("09000300" + HexFormat.of().formatHex("plv7".getBytes()) + "00")
                .as("the kind").contains(HexFormat.of().formatHex("veth".getBytes()) + "00")
                .as("the peer's name").contains("09000300" + HexFormat.of().formatHex("eth0".getBytes()) + "00")
                .as("the peer's namespace descriptor").contains("08001c00" + "2a000000");
    }

    @Test
    void hostRouteSendsTheSliversAddressToItsDevice() {
        byte[] request = NodeLinkMessages.hostRoute(Ipv4Cidr.parseAddress("10.200.0.9"), 7, 3);
        String body = HexFormat.of().formatHex(request, 16, request.length);

        assertThat(Short.toUnsignedInt(ByteBuffer.wrap(request).order(ByteOrder.nativeOrder()).getShort(4))).as("RTM_NEWROUTE").isEqualTo(24);
        assertThat(body).startsWith("02200000" + "fe03fd01" + "00000000").contains("08000100" + "0ac80009").contains("08000400" + "07000000");
    }
}
