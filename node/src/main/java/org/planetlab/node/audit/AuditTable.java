package org.planetlab.node.audit;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.net.filtering.SetElementBatch.Element;
import org.planetlab.node.net.filtering.SetElementWriter;
import org.planetlab.node.net.kernel.NetlinkSocket;
import org.planetlab.node.net.kernel.NetworkCommands;
import org.planetlab.node.net.kernel.NodeSockets;

/**
 * The audit's nftables table in the node's namespace: a map from each sliver's node-side veth to
 * its {@link SliverMark}, and one rule that stamps the mark on the connection of every packet that
 * enters the node through that veth. The stamp is set by the node, in the node's namespace, from
 * the device the kernel received the packet on: nothing a sliver writes into its packets (marks,
 * DSCP, addresses) takes part in it. A connection opened from outside is stamped, the same way,
 * by its first packet forwarded out through a sliver's veth.
 *
 * <p>The table is made (and wholly rewritten) with {@code nft} at start; attaching and detaching a
 * sliver change one element over a netfilter netlink socket in the node's namespace, as the sliver
 * network's own sets are changed, so a create starts no process for it. Without such a socket
 * every change rewrites the map with {@code nft}.
 */
final class AuditTable implements AutoCloseable {
    static final String MAP = "sliver_marks";

    private final HostCommand node;
    private final String table;
    private final String deviceWildcard;
    private final SetElementWriter elements;
    private boolean netlink;

    AuditTable(HostCommand node, String tableName, String devicePrefix) {
        this.node = requireNonNull(node, "node is null");
        this.table = "ip " + requireNonNull(tableName, "tableName is null");
        this.deviceWildcard = requireNonNull(devicePrefix, "devicePrefix is null") + "*";
        this.elements = new SetElementWriter(new NetworkCommands(node), tableName);
    }

    /** Changes elements over netlink from now on, if a socket in the tools' namespace can be had. */
    void connect(NodeSockets sockets) {
        if (sockets.toolsRunThere()) {
            NetlinkSocket socket = sockets.open(NetlinkSocket.NETFILTER);
            if (socket != null) {
                elements.use(socket);
                netlink = true;
            }
        }
    }

    /** Whether attaches and detaches change the map over netlink (else with {@code nft}). */
    boolean overNetlink() {
        return netlink;
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

    /**
     * Maps {@code mark}'s device to it. {@code replaced} is the device's element now, if any;
     * {@code all} is every mark that must be in the map afterwards (for a whole rewrite).
     */
    void put(SliverMark mark, Optional<SliverMark> replaced, Collection<SliverMark> all) {
        if (!netlink) {
            sync(all);
            return;
        }
        if (replaced.isPresent()) {
            elements.remove(List.of(element(replaced.get())), "unmarking " + replaced.get().device());
        }
        elements.add(List.of(element(mark)), "marking sliver " + mark.sliverName());
    }

    /** Takes {@code mark}'s device out of the map; {@code all} is every mark that stays. */
    void take(SliverMark mark, Collection<SliverMark> all) {
        if (!netlink || !elements.remove(List.of(element(mark)), "unmarking sliver " + mark.sliverName())) {
            sync(all);
        }
    }

    /** Replaces the map's elements with {@code marks}, atomically. */
    void sync(Collection<SliverMark> marks) {
        run(elements(marks));
    }

    void remove() {
        node.runAllowingFailure(List.of("nft", "delete", "table", table.split(" ")[0], table.split(" ")[1]), null);
    }

    @Override
    public void close() {
        elements.close();
    }

    private static Element element(SliverMark mark) {
        return Element.markOf(MAP, mark.device(), mark.mark());
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
