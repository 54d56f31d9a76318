package org.planetlab.node.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.planetlab.api.audit.FlowRecord;

/**
 * "Who sent this?" through HTTP by name: the node's own connection to a sliver, relayed for a
 * client, is recorded for the slice with the client as the other end; other connections keep
 * theirs, and a closed relay is forgotten once its connection's end can no longer come.
 */
class RelayedClientsTest {
    private static final SliverMark MARK = new SliverMark(SliverMarks.MARK_BASE | 7, "princeton_codeen", 11, "plv7", "10.200.0.9");
    private static final String RELAYED = "ipv4     2 tcp      6 117 TIME_WAIT src=10.200.0.1 dst=10.200.0.9 sport=40312 "
            + "dport=8080 packets=6 bytes=520 src=10.200.0.9 dst=10.200.0.1 sport=8080 dport=40312 packets=4 bytes=900 "
            + "[ASSURED] mark=1509949447 use=1 id=77";
    private static final RelayedClients.Connection CONNECTION = new RelayedClients.Connection("10.200.0.1", 40312,
            "10.200.0.9", 8080);
    private static final RelayedClients.Client CLIENT = new RelayedClients.Client("198.51.100.23", 51515, "203.0.113.5", 80);

    @Test
    void aRelayedConnectionsRecordNamesTheClientAndTheNodesPort80() {
        FlowRecords records = new FlowRecords(3, "203.0.113.5");
        ConntrackEntry entry = ConntrackEntry.parse(RELAYED);
        assertThat(records.ofConnection(entry, MARK, 1, 2)).hasValueSatisfying(flow -> {
            assertThat(flow.remoteAddress()).as("before the relay is known: the node").isEqualTo("10.200.0.1");
            assertThat(flow.remotePort()).isEqualTo(40312);
        });

        Runnable closed = records.relayedClients().opened(CONNECTION, CLIENT);
        assertThat(records.ofConnection(entry, MARK, 1, 2)).hasValueSatisfying(flow -> {
            assertThat(flow.direction()).isEqualTo(FlowRecord.Direction.INBOUND);
            assertThat(flow.sliceName()).isEqualTo("princeton_codeen");
            assertThat(flow.remoteAddress()).isEqualTo("198.51.100.23");
            assertThat(flow.remotePort()).isEqualTo(51515);
            assertThat(flow.publicAddress()).isEqualTo("203.0.113.5");
            assertThat(flow.publicPort()).isEqualTo(80);
            assertThat(flow.sliverAddress()).isEqualTo("10.200.0.9");
            assertThat(flow.sliverPort()).isEqualTo(8080);
            assertThat(flow.packetsIn()).as("the kernel's counts of the relayed connection").isEqualTo(6);
            assertThat(flow.bytesOut()).isEqualTo(900);
        });
        closed.run();
        assertThat(records.ofConnection(entry, MARK, 1, 2)).as("its end comes after the relay closed")
                .hasValueSatisfying(flow -> assertThat(flow.remoteAddress()).isEqualTo("198.51.100.23"));

        ConntrackEntry other = ConntrackEntry.parse(RELAYED.replace("sport=40312", "sport=40313").replace("dport=40312", "dport=40313"));
        assertThat(records.ofConnection(other, MARK, 1, 2)).as("another port of the node is not the relay")
                .hasValueSatisfying(flow -> assertThat(flow.remoteAddress()).isEqualTo("10.200.0.1"));
    }

    @Test
    void aClosedRelayIsForgottenAfterItsConnectionCouldHaveEndedButNotAReuseOfItsPort() {
        AtomicLong now = new AtomicLong(1_000);
        RelayedClients relays = new RelayedClients(now::get, Duration.ofMinutes(5));
        Runnable first = relays.opened(CONNECTION, CLIENT);
        first.run();
        now.addAndGet(Duration.ofMinutes(4).toNanos());
        assertThat(relays.clientOf(CONNECTION)).contains(CLIENT);
        now.addAndGet(Duration.ofMinutes(2).toNanos());
        assertThat(relays.clientOf(CONNECTION)).as("five minutes after the close").isEmpty();

        RelayedClients.Client later = new RelayedClients.Client("192.0.2.44", 4444, "203.0.113.5", 80);
        Runnable second = relays.opened(CONNECTION, CLIENT);
        second.run();
        second.run();
        now.addAndGet(Duration.ofMinutes(1).toNanos());
        relays.opened(CONNECTION, later);
        now.addAndGet(Duration.ofMinutes(10).toNanos());
        assertThat(relays.clientOf(CONNECTION)).as("the port's new relay, still open").contains(later);
    }
}
