package org.planetlab.node.audit;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.planetlab.node.host.HostCommand;

/**
 * The audit's nftables table in the node's namespace: a map from each sliver's node-side veth to
 * its {@link SliverMark}, and one rule that stamps the mark on the connection of every packet that
 * enters the node through that veth. The stamp is set by the node, in the node's namespace, from
 * the device the kernel received the packet on: nothing a sliver writes into its packets (marks,
 * DSCP, addresses) takes part in it. A connection opened from outside is stamped, the same way,
 * by its first packet forwarded out through a sliver's veth.
 */
final class AuditTable {
    static final String MAP = "sliver_marks";

    private final HostCommand node;
    private final String table;
    private final String deviceWildcard;

    AuditTable(HostCommand node, String tableName, String devicePrefix) {
        this.node = requireNonNull(node, "node is null");
        this.table = "ip " + requireNonNull(tableName, "tableName is null");
        this.deviceWildcard = requireNonNull(devicePrefix, "devicePrefix is null") + "*";
    }

    /** Creates the table (or brings its rule up to date) with exactly {@code marks} in the map, in one transaction. */
    void install(Collection<SliverMark> marks) {
        List<String> lines = new ArrayList<>();
        lines.add("add table " + table);
        lines.add("add map " + table + " " + MAP + " { type ifname : mark; }");
        lines.add("add chain " + table + " mark_slivers { type filter hook prerouting priority mangle; policy accept; }");
        lines.add("flush chain " + table + " mark_slivers");
        lines.add("add rule " + table + " mark_slivers iifname \"" + deviceWildcard + "\" ct mark set iifname map @" + MAP);
        // A connection from outside (to a port a sliver holds) is stamped by its first packet into
        // the sliver, so it names the slice even if the sliver never answers.
        lines.add("add chain " + table + " mark_inbound { type filter hook forward priority mangle; policy accept; }");
        lines.add("flush chain " + table + " mark_inbound");
        lines.add("add rule " + table + " mark_inbound oifname \"" + deviceWildcard + "\" ct mark 0 ct mark set oifname map @" + MAP);
        lines.addAll(elements(marks));
        run(lines);
    }

    /** Replaces the map's elements with {@code marks}, atomically. */
    void sync(Collection<SliverMark> marks) {
        run(elements(marks));
    }

    void remove() {
        node.runAllowingFailure(List.of("nft", "delete", "table", table.split(" ")[0], table.split(" ")[1]), null);
    }

    private List<String> elements(Collection<SliverMark> marks) {
        List<String> lines = new ArrayList<>();
        lines.add("flush map " + table + " " + MAP);
        for (SliverMark mark : marks) {
            lines.add("add element " + table + " " + MAP + " { \"" + mark.device() + "\" : 0x"
                    + Integer.toHexString(mark.mark()) + " }");
        }
        return lines;
    }

    private void run(List<String> lines) {
        node.runWithInput(List.of("nft", "-f", "-"), String.join("\n", lines) + "\n");
    }
}
