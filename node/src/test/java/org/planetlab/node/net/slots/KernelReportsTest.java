package org.planetlab.node.net.slots;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.planetlab.node.net.filtering.FilterTable.AssignedComment;
import org.planetlab.node.net.layout.SliverNetworkConfigReader;
import org.planetlab.node.net.layout.SlotLayout;
import org.planetlab.node.net.shaping.ClassReport;

/** Reads tool output captured from a node with three slivers, one of them detached. */
class KernelReportsTest {
    private final SlotLayout layout = new SlotLayout(SliverNetworkConfigReader.read(Map.of(
            "uplink-device", "up0", "node-address", "10.254.0.1", "namespace-prefix", "pt-s")));

    @Test
    void readsHtbClassesFromTcText() throws IOException {
        Map<Integer, ClassReport> classes = ClassReport.parse(resource("tc-class-show.txt"));

        assertThat(classes.keySet()).containsExactlyInAnyOrder(0x1, 0x2, 0x10, 0x11, 0x12);
        assertThat(classes.get(0x11)).isEqualTo(new ClassReport(0x11, 2_000, 100_000, 0, 0));
        assertThat(classes.get(0x10).bytesSent()).isEqualTo(196);
        assertThat(classes.get(0x10).packetsSent()).isEqualTo(2);
        assertThat(classes.get(0x1).rateKbps()).isEqualTo(50_000);
    }

    @Test
    void tcRatesAreReadInKilobits() {
        assertThat(ClassReport.kilobits("8bit")).isZero();
        assertThat(ClassReport.kilobits("1Kbit")).isEqualTo(1);
        assertThat(ClassReport.kilobits("1500Kbit")).isEqualTo(1_500);
        assertThat(ClassReport.kilobits("50Mbit")).isEqualTo(50_000);
        assertThat(ClassReport.kilobits("2Gbit")).isEqualTo(2_000_000);
    }

    @Test
    void readsTheFilterTableSets() throws IOException {
        KernelState state = KernelStateReader.parseTable(resource("nft-table.json"), layout, Set.of(0, 1, 2),
                Set.of(0, 1, 2), ClassReport.parse(resource("tc-class-show.txt")).entrySet().stream()
                        .filter(entry -> entry.getKey() >= SlotLayout.FIRST_SLOT_CLASS)
                        .collect(Collectors.toMap(entry -> entry.getKey() - SlotLayout.FIRST_SLOT_CLASS,
                                Map.Entry::getValue)), true);

        assertThat(state.assigned()).containsExactlyInAnyOrderEntriesOf(Map.of(
                0, new AssignedComment("site_admin", true),
                1, new AssignedComment("princeton_codeen", false),
                2, new AssignedComment("gone", false)));
        assertThat(state.retired()).containsExactly(2);
        assertThat(state.sources()).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(state.classEntries()).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(state.mirrored()).containsExactly(1);
        assertThat(state.complete(1)).isTrue();
        assertThat(state.allSlots()).containsExactly(0, 1, 2);
    }

    @Test
    void aSlotMissingAnyObjectIsIncomplete() throws IOException {
        KernelState state = KernelStateReader.parseTable(resource("nft-table.json"), layout, Set.of(0), Set.of(0, 1),
                Map.of(0, new ClassReport(0x10, 1, 1, 0, 0)), false);

        assertThat(state.complete(0)).isTrue();
        assertThat(state.complete(1)).as("no namespace, no class").isFalse();
        assertThat(state.holds(1)).isTrue();
        assertThat(state.holds(7)).isFalse();
    }

    private static String resource(String name) throws IOException {
        try (InputStream input = KernelReportsTest.class.getResourceAsStream("/net/" + name)) {
            return new String(input.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
