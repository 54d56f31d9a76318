package org.planetlab.plc.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A heartbeat taken for writing is still the node's latest for anyone asking before the write
 * commits (a rollout gate once found neither memory nor store holding it), and a newer one
 * another server stored wins over this server's.
 */
class HeartbeatBookTest {
    private static final long NODE = 7;

    @Test
    void aHeartbeatBeingWrittenIsStillTheNodesLatestAndANewerStoredOneWins() {
        HeartbeatBook book = new HeartbeatBook();
        book.accept(NODE, 1, beat(1), 1_000, node -> Optional.empty());
        Optional<Map.Entry<Long, Heartbeat>> olderStored = Optional.of(Map.entry(900L, beat(0)));

        assertThat(book.drain()).containsOnlyKeys(NODE);
        assertThat(book.freshest(NODE, olderStored)).as("taken for writing, the older one still in the store")
                .hasValueSatisfying(received -> {
                    assertThat(received.heartbeat().sequence()).isEqualTo(1);
                    assertThat(received.received()).isEqualTo(1_000);
                });
        assertThat(book.freshest(NODE, Optional.of(Map.entry(1_000L, beat(1))))).as("written")
                .hasValueSatisfying(received -> assertThat(received.heartbeat().sequence()).isEqualTo(1));
        assertThat(book.freshest(NODE, Optional.of(Map.entry(1_005L, beat(2))))).as("another server heard it since")
                .hasValueSatisfying(received -> {
                    assertThat(received.heartbeat().sequence()).isEqualTo(2);
                    assertThat(received.received()).isEqualTo(1_005);
                });
        assertThat(book.freshest(8, Optional.empty())).isEmpty();
        assertThat(book.drain()).as("nothing is written twice").isEmpty();
    }

    private static Heartbeat beat(long sequence) {
        return new Heartbeat(990 + sequence, 900, sequence, "agent/1", "boot", "boot", 0.5, 1 << 30, 1 << 29, 1L << 40,
                1L << 39, 3, 0, List.of());
    }
}
