package org.planetlab.node.net.filtering;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.planetlab.node.net.Ipv4Cidr;
import org.planetlab.node.net.filtering.FilterTable.AssignedComment;
import org.planetlab.node.net.layout.SliverNetworkConfig;
import org.planetlab.node.net.layout.SliverNetworkConfigReader;
import org.planetlab.node.net.layout.SlotLayout;

class FilterTableTest {
    private final SliverNetworkConfig config = SliverNetworkConfigReader.read(Map.of(
            "uplink-device", "up0", "node-address", "10.254.0.1", "probe-ttl-below", "0", "connection-attempts-per-second", "0"));
    private final SlotLayout layout = new SlotLayout(config);
    private final FilterTable table = new FilterTable(config, layout);

    @Test
    void assigningWritesTheSliverNameIntoTheComment() {
        assertThat(table.assign(3, "site_admin", true, true)).containsExactly(
                SetElementBatch.Element.device("assigned", "plv3", "site_admin owner"),
                SetElementBatch.Element.device("mirrored", "plv3", null));
        assertThat(table.retire(List.of(4, 5))).containsExactly(
                SetElementBatch.Element.device("retired", "plv4", null), SetElementBatch.Element.device("retired", "plv5", null));
        assertThat(FilterTable.parseComment("site_admin owner")).isEqualTo(new AssignedComment("site_admin", true));
        assertThat(FilterTable.parseComment("princeton_codeen")).isEqualTo(new AssignedComment("princeton_codeen", false));
    }

    @Test
    void completingASlotAddsItsSourcePairAndClassEntry() {
        assertThat(table.addSlots(List.of(7)).stream().map(SetElementBatch.Element::nftSyntax))
                .containsExactly("\"plv7\" . 10.200.0.9", "10.200.0.9 : 1:17");
    }

    @Test
    void forgettingDeletesOnlyElementsThatExist() {
        FilterElements state = new PresentElements(Map.of(), Set.of(4), Set.of(), Set.of(4), Set.of());

        assertThat(table.forget(state, List.of(4, 5))).containsExactly(
                "delete element ip planetlab retired { \"plv4\" }",
                "delete element ip planetlab sources { \"plv4\" . 10.200.0.6 }");
    }

    @Test
    void nodeScriptKeepsSetsAndRewritesChainsInOneTransaction() {
        List<String> script = table.nodeScript(List.of(Ipv4Cidr.parse("198.51.100.0/24")));

        assertThat(script).contains("add set ip planetlab assigned { type ifname; }", "flush chain ip planetlab from_slivers",
                "flush set ip planetlab blocked", "add element ip planetlab blocked { 198.51.100.0/24 }",
                "add rule ip planetlab nat oifname \"up0\" ip saddr 10.200.0.0/16 snat to 10.254.0.1");
        assertThat(script).noneMatch(line -> line.startsWith("flush set ip planetlab assigned"));
        assertThat(script).noneMatch(line -> line.contains("ip ttl <") || line.contains("update @connection_meter"));
        assertThat(String.join("\n", script).indexOf("flush chain ip planetlab from_slivers"))
                .isLessThan(String.join("\n", script).indexOf("add rule ip planetlab from_slivers"));
    }

    @Test
    void heldPortsOfTheNodesAddressAreForwardedOnlyFromTheUplinkAndTheMapKeepsItsElements() {
        List<String> script = table.nodeScript(List.of());

        assertThat(script).contains(
                "add map ip planetlab inbound_ports { type inet_proto . inet_service : ipv4_addr; }",
                "add rule ip planetlab inbound_nat iifname \"up0\" ip daddr 10.254.0.1 dnat ip to meta l4proto . th dport map @inbound_ports",
                "add rule ip planetlab forward oifname \"plv*\" ct status dnat accept");
        assertThat(script).noneMatch(line -> line.startsWith("flush map ip planetlab inbound_ports"));
        assertThat(script.indexOf("add rule ip planetlab forward oifname \"plv*\" ct status dnat accept"))
                .as("accepted before the drop of everything else inbound")
                .isLessThan(script.stream().filter(line -> line.contains("counter name inbound")).findFirst().map(script::indexOf).orElseThrow());
    }

    /** What the kernel holds of the table's sets, as a reader of the kernel would report it. */
    private record PresentElements(Map<Integer, AssignedComment> assigned, Set<Integer> retired,
            Set<Integer> mirrored, Set<Integer> sources, Set<Integer> classEntries) implements FilterElements {}
}
