package org.planetlab.node.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Connection ends as the kernel sends them over netlink, read into the entries the capture records. */
class ConntrackMessagesTest {
    private static final int NESTED = 0x8000;

    @Test
    void aUdpFlowsEndCarriesItsTuplesCountersMarkIdAndTimes() {
        byte[] body = concat(
                nested(1, tuple("10.0.0.5", "192.0.2.9", 17, 40000, 24980)),
                nested(2, tuple("192.0.2.9", "198.51.100.1", 17, 24980, 40000)),
                nested(9, concat(attribute(1, be(1, 8)), attribute(2, be(31, 8)))),
                nested(10, concat(attribute(1, be(0, 8)), attribute(2, be(0, 8)))),
                attribute(8, be(0x5a000007L, 4)),
                attribute(12, be(0xf0000001L, 4)),
                nested(20, concat(attribute(1, be(1_000_000_000_000_000_000L, 8)),
                        attribute(2, be(1_000_000_031_500_000_000L, 8)))));
        byte[] datagram = concat(message((1 << 8) | 2, body), message((1 << 8) | 0, body));

        assertThat(ConntrackMessages.destroyed(datagram, datagram.length)).as("the end, not the new connection")
                .singleElement().satisfies(entry -> {
                    assertThat(entry.protocol()).isEqualTo(17);
                    assertThat(entry.original()).isEqualTo(new ConntrackEntry.Tuple("10.0.0.5", "192.0.2.9", 40000, 24980));
                    assertThat(entry.reply()).isEqualTo(new ConntrackEntry.Tuple("192.0.2.9", "198.51.100.1", 24980, 40000));
                    assertThat(entry.packetsOriginal()).isEqualTo(1);
                    assertThat(entry.bytesOriginal()).isEqualTo(31);
                    assertThat(entry.packetsReply()).isZero();
                    assertThat(entry.mark()).isEqualTo(0x5a000007);
                    assertThat(entry.id()).isEqualTo(0xf0000001L);
                    assertThat(entry.eventMillis()).isEqualTo(1_000_000_031_500L);
                    assertThat(entry.ageSeconds()).isEqualTo(31);
                    assertThat(entry.destroyed()).isTrue();
                });
    }

    @Test
    void aListedConnectionIsReadWithoutBeingAnEndAndItsZeroingRequestNamesItsOwnTupleZoneAndId() {
        byte[] original = nested(1, rawTuple("10.0.0.5", "192.0.2.9", 241));
        byte[] zone = attribute(18, be(3, 2));
        byte[] body = concat(new byte[] {2, 0, 0, 0}, original,
                nested(2, rawTuple("192.0.2.9", "198.51.100.1", 241)),
                nested(9, concat(attribute(1, be(4, 8)), attribute(2, be(120, 8)))),
                attribute(8, be(0x5a000007L, 4)),
                attribute(12, be(0xf0000001L, 4)),
                zone,
                nested(20, attribute(1, be(1_000_000_000_000_000_000L, 8))));

        ConntrackMessages.Listed listed = ConntrackMessages.listed(ByteBuffer.wrap(body)).orElseThrow();

        assertThat(listed.entry().protocol()).isEqualTo(241);
        assertThat(listed.entry().original()).isEqualTo(new ConntrackEntry.Tuple("10.0.0.5", "192.0.2.9", 0, 0));
        assertThat(listed.entry().packetsOriginal()).isEqualTo(4);
        assertThat(listed.entry().bytesOriginal()).isEqualTo(120);
        assertThat(listed.entry().mark()).isEqualTo(0x5a000007);
        assertThat(listed.entry().destroyed()).as("a listing, not an end").isFalse();
        assertThat(listed.entry().eventMillis()).isZero();
        byte[] request = ConntrackMessages.zeroing(listed, 77);
        ByteBuffer header = ByteBuffer.wrap(request).order(ByteOrder.nativeOrder());
        assertThat(header.getInt(0)).isEqualTo(request.length);
        assertThat(Short.toUnsignedInt(header.getShort(4))).as("IPCTNL_MSG_CT_GET_CTRZERO").isEqualTo((1 << 8) | 3);
        assertThat(Short.toUnsignedInt(header.getShort(6))).as("a request, not a dump").isEqualTo(1);
        assertThat(header.getInt(8)).isEqualTo(77);
        assertThat(java.util.Arrays.copyOfRange(request, 16, request.length))
                .isEqualTo(concat(new byte[] {2, 0, 0, 0}, original, zone, attribute(12, be(0xf0000001L, 4))));
    }

    @Test
    void aListedConnectionOfAnotherFamilyIsPassedOver() {
        assertThat(ConntrackMessages.listed(ByteBuffer.wrap(new byte[] {10, 0, 0, 0}))).isEmpty();
    }

    /** A tuple of a protocol without ports: the addresses and the protocol number only. */
    private static byte[] rawTuple(String source, String destination, int protocol) {
        return concat(nested(1, concat(attribute(1, address(source)), attribute(2, address(destination)))),
                nested(2, attribute(1, new byte[] {(byte) protocol})));
    }

    private static byte[] tuple(String source, String destination, int protocol, int sourcePort, int destinationPort) {
        return concat(nested(1, concat(attribute(1, address(source)), attribute(2, address(destination)))),
                nested(2, concat(attribute(1, new byte[] {(byte) protocol}), attribute(2, be(sourcePort, 2)),
                        attribute(3, be(destinationPort, 2)))));
    }

    private static byte[] message(int type, byte[] attributes) {
        ByteBuffer buffer = ByteBuffer.allocate(16 + 4 + attributes.length).order(ByteOrder.nativeOrder());
        buffer.putInt(16 + 4 + attributes.length).putShort((short) type).putShort((short) 0).putInt(0).putInt(0);
        buffer.put(new byte[] {2, 0, 0, 0}).put(attributes);
        return buffer.array();
    }

    private static byte[] nested(int type, byte[] content) {
        return attribute(type | NESTED, content);
    }

    private static byte[] attribute(int type, byte[] value) {
        int padded = (4 + value.length + 3) & ~3;
        ByteBuffer buffer = ByteBuffer.allocate(padded).order(ByteOrder.nativeOrder());
        buffer.putShort((short) (4 + value.length)).putShort((short) type).put(value);
        return buffer.array();
    }

    private static byte[] be(long value, int bytes) {
        byte[] out = new byte[bytes];
        for (int i = bytes - 1; i >= 0; i--) {
            out[i] = (byte) value;
            value >>>= 8;
        }
        return out;
    }

    private static byte[] address(String dotted) {
        String[] parts = dotted.split("\\.");
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            out[i] = (byte) Integer.parseInt(parts[i]);
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
