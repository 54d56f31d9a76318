package org.planetlab.node.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.planetlab.api.audit.FlowRecord;

class ConntrackEntryTest {
    private static final SliverMark MARK = new SliverMark(SliverMarks.MARK_BASE | 7, "princeton_codeen", 11, "plv7", "10.200.0.9");
    private final FlowRecords records = new FlowRecords(3, "203.0.113.5");

    @Test
    void aNatedTcpConnectionsEndBecomesAnOutboundRecordWithBothAddresses() {
        ConntrackEntry entry = ConntrackEntry.parse("[1796587160.884954]\t[DESTROY] ipv4     2 tcp      6 120 TIME_WAIT "
                + "src=10.200.0.9 dst=192.0.2.1 sport=51116 dport=80 packets=6 bytes=400 src=192.0.2.1 dst=203.0.113.5 "
                + "sport=80 dport=61002 packets=5 bytes=3000 [ASSURED] mark=1509949447 delta-time=3 id=1770916827");
        assertThat(entry.destroyed()).isTrue();
        assertThat(entry.eventMillis()).isEqualTo(1_796_587_160_885L);
        assertThat(entry.mark()).isEqualTo(MARK.mark());
        Optional<FlowRecord> record = records.ofConnection(entry, MARK, entry.eventMillis() - 3000, entry.eventMillis());
        assertThat(record).hasValueSatisfying(flow -> {
            assertThat(flow.direction()).isEqualTo(FlowRecord.Direction.OUTBOUND);
            assertThat(flow.sliverPort()).isEqualTo(51116);
            assertThat(flow.publicAddress()).isEqualTo("203.0.113.5");
            assertThat(flow.publicPort()).isEqualTo(61002);
            assertThat(flow.remoteAddress()).isEqualTo("192.0.2.1");
            assertThat(flow.remotePort()).isEqualTo(80);
            assertThat(flow.packetsOut()).isEqualTo(6);
            assertThat(flow.bytesIn()).isEqualTo(3000);
            assertThat(flow.tcpFlags()).isEqualTo(0x13);
            assertThat(flow.sliceName()).isEqualTo("princeton_codeen");
        });
    }

    @Test
    void icmpKeepsTypeAndCodeApartFromTheEchoIdAndTheConnectionId() {
        ConntrackEntry entry = ConntrackEntry.parse("ipv4     2 icmp     1 29 src=10.200.0.9 dst=192.0.2.1 type=8 code=0 id=24535 "
                + "packets=2 bytes=168 src=192.0.2.1 dst=203.0.113.5 type=0 code=0 id=24535 packets=2 bytes=168 "
                + "mark=1509949447 delta-time=1 use=1 id=2088660288");
        assertThat(entry.id()).isEqualTo(2_088_660_288L);
        assertThat(entry.original().destinationPort()).isEqualTo(8 * 256);
        assertThat(records.ofConnection(entry, MARK, 1, 2)).hasValueSatisfying(flow -> {
            assertThat(flow.remotePort()).isEqualTo(2048);
            assertThat(flow.sliverPort()).isZero();
            assertThat(flow.packetsIn()).isEqualTo(2);
        });
    }

    @Test
    void rawProtocolsAndZeroedConnectionsAndForeignLines() {
        ConntrackEntry raw = ConntrackEntry.parse("ipv4     2 unknown  253 599 src=10.200.0.9 dst=192.0.2.1 packets=0 bytes=0 "
                + "src=192.0.2.1 dst=203.0.113.5 packets=0 bytes=0 mark=1509949447 delta-time=9 use=1 id=5");
        assertThat(raw.protocol()).isEqualTo(253);
        assertThat(records.ofConnection(raw, MARK, 1, 2)).as("nothing counted since the last record").isEmpty();
        assertThatThrownBy(() -> ConntrackEntry.parse("conntrack v1.4.7 (conntrack-tools): 2 flow entries have been shown."))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDroppedForgeryIsTheSendersWhateverSourceItClaims() {
        DroppedFlows dropped = new DroppedFlows();
        byte[] packet = new byte[28];
        packet[0] = 0x45;
        packet[3] = 28;
        packet[9] = 17;
        packet[12] = 10;
        packet[13] = (byte) 200;
        packet[15] = 4;
        packet[16] = (byte) 192;
        packet[18] = 2;
        packet[19] = 1;
        packet[22] = 0x1f;
        packet[23] = (byte) 0x90;
        dropped.add("plv7", true, packet, 1000);
        dropped.add("plv7", true, packet, 2000);
        DroppedFlows.Dropped flow = dropped.drain().getFirst();
        FlowRecord record = records.ofDropped(flow.key(), flow.counts(), MARK);
        assertThat(record.dropped()).isTrue();
        assertThat(record.sliceName()).isEqualTo("princeton_codeen");
        assertThat(record.sliverAddress()).as("the sender's own address, not the forged 10.200.0.4").isEqualTo("10.200.0.9");
        assertThat(record.remotePort()).isEqualTo(8080);
        assertThat(record.packetsOut()).isEqualTo(2);
        assertThat(record.endMillis() - record.startMillis()).isEqualTo(1000);
        assertThat(dropped.drain()).isEmpty();
    }
}
