package org.planetlab.node.net.filtering;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.planetlab.node.net.Ipv4Cidr;
import org.planetlab.node.net.filtering.SetElementBatch.Element;
import org.planetlab.node.net.layout.SliverNetworkConfig;
import org.planetlab.node.net.layout.SlotLayout;

/**
 * Writes the nftables scripts of the agent's one table (family {@code ip}). The table holds
 * every per-sliver fact as a set element, so attaching or detaching a sliver changes elements,
 * never rules:
 *
 * <ul>
 *   <li>{@code assigned}: node-side devices in use, each with the sliver's name as comment;
 *       traffic from any other device of the prefix (spares, retired slots) is dropped
 *   <li>{@code retired}: devices of detached slivers whose objects are still being removed
 *   <li>{@code sources}: device . address pairs; a packet whose source is not its device's
 *       address is spoofed and dropped
 *   <li>{@code classes}: sliver address to HTB class, applied as the packet's priority so the
 *       uplink's HTB puts it in the sliver's class without any tc filter
 *   <li>{@code blocked}: destinations the site asked to block
 *   <li>{@code mirrored}: devices whose traffic is copied to the owner VM
 *   <li>{@code inbound_ports}: protocol . port of the node's address : the address of the sliver
 *       holding it; new connections from the uplink to a listed port are forwarded to that
 *       sliver, to nothing else (see {@code org.planetlab.node.net.ports})
 * </ul>
 */
public final class FilterTable {
    public static final String ASSIGNED = "assigned";
    public static final String RETIRED = "retired";
    public static final String SOURCES = "sources";
    public static final String CLASSES = "classes";
    static final String BLOCKED = "blocked";
    public static final String MIRRORED = "mirrored";
    public static final String INBOUND_PORTS = "inbound_ports";
    /** Named counters of dropped packets, one per reason. */
    static final List<String> COUNTERS = List.of("unassigned", "spoofed", "probes", "connection_attempts",
            "invalid", "blocked", "inbound", "off_uplink");
    private static final String OWNER_MARK = " owner";
    /**
     * The nflog group every drop rule logs to (per network namespace), so flow auditing records
     * dropped packets with the device they crossed; without a listener the kernel discards the copies.
     */
    public static final int DROP_LOG_GROUP = 27;

    private final SliverNetworkConfig config;
    private final SlotLayout layout;
    private final String table;

    public FilterTable(SliverNetworkConfig config, SlotLayout layout) {
        this.config = requireNonNull(config, "config is null");
        this.layout = requireNonNull(layout, "layout is null");
        this.table = "ip " + config.tableName();
    }

    /**
     * Creates the table or brings its rules up to date, keeping every set's elements: sets are
     * added (a no-op when present) and chains flushed and refilled, all in one transaction.
     */
    public List<String> nodeScript(List<Ipv4Cidr> blocked) {
        List<String> lines = new ArrayList<>();
        lines.add("add table " + table);
        lines.add("add set " + table + " " + ASSIGNED + " { type ifname; }");
        lines.add("add set " + table + " " + RETIRED + " { type ifname; }");
        lines.add("add set " + table + " " + SOURCES + " { type ifname . ipv4_addr; }");
        lines.add("add map " + table + " " + CLASSES + " { type ipv4_addr : classid; }");
        lines.add("add set " + table + " " + BLOCKED + " { type ipv4_addr; flags interval; auto-merge; }");
        lines.add("add set " + table + " " + MIRRORED + " { type ifname; }");
        lines.add("add map " + table + " " + INBOUND_PORTS + " { type inet_proto . inet_service : ipv4_addr; }");
        lines.add(meter("probe_meter"));
        lines.add(meter("connection_meter"));
        COUNTERS.forEach(counter -> lines.add("add counter " + table + " " + counter));
        addChain(lines, "from_slivers", "type filter hook prerouting priority raw; policy accept;");
        addChain(lines, "probe", null);
        addChain(lines, "forward", "type filter hook forward priority filter; policy accept;");
        addChain(lines, "from_sliver_forward", null);
        addChain(lines, "to_slivers", "type filter hook postrouting priority filter; policy accept;");
        addChain(lines, "nat", "type nat hook postrouting priority srcnat; policy accept;");
        addChain(lines, "inbound_nat", "type nat hook prerouting priority dstnat; policy accept;");
        lines.addAll(fromSliverRules());
        lines.addAll(forwardRules());
        rule(lines, "to_slivers", "oifname @" + MIRRORED + " dup to " + layout.mirrorAddress().getHostAddress());
        rule(lines, "nat", "oifname " + quote(config.uplinkDevice()) + " ip saddr " + config.sliverSubnet()
                + " snat to " + config.nodeAddress().getHostAddress());
        // A held port of the node's address leads to its holder's address; nat chains see only a
        // connection's first packet, connection tracking takes the rest (and the replies) there.
        rule(lines, "inbound_nat", "iifname " + quote(config.uplinkDevice()) + " ip daddr " + config.nodeAddress().getHostAddress()
                + " dnat ip to meta l4proto . th dport map @" + INBOUND_PORTS);
        lines.addAll(blockedScript(blocked));
        return lines;
    }

    /** Rules seen by every packet a sliver sends, before connection tracking. */
    private List<String> fromSliverRules() {
        List<String> lines = new ArrayList<>();
        String chain = "from_slivers";
        rule(lines, chain, "iifname != " + quote(layout.deviceWildcard()) + " accept");
        rule(lines, chain, "iifname @" + MIRRORED + " dup to " + layout.mirrorAddress().getHostAddress());
        rule(lines, chain, "iifname @" + RETIRED + " counter name unassigned " + dropLog("unassigned") + " drop");
        rule(lines, chain, "iifname != @" + ASSIGNED + " counter name unassigned " + dropLog("unassigned") + " drop");
        rule(lines, chain, "iifname . ip saddr != @" + SOURCES + " counter name spoofed " + dropLog("spoofed") + " drop");
        rule(lines, chain, "ip protocol icmp goto probe");
        rule(lines, chain, "ip hdrlength != 5 goto probe");
        if (config.probeTtlBelow() > 0) {
            rule(lines, chain, "ip ttl < " + config.probeTtlBelow() + " goto probe");
        }
        if (config.connectionAttemptsPerSecond() > 0) {
            rule(lines, chain, "tcp flags & (syn | ack) == syn update @connection_meter { ip saddr limit rate over "
                    + config.connectionAttemptsPerSecond() + "/second burst " + config.connectionAttemptBurst()
                    + " packets } counter name connection_attempts " + dropLog("connection_attempts") + " drop");
        }
        rule(lines, "probe", "update @probe_meter { ip saddr limit rate over " + config.probePacketsPerSecond()
                + "/second burst " + config.probeBurstPackets() + " packets } counter name probes " + dropLog("probes") + " drop");
        return lines;
    }

    private List<String> forwardRules() {
        List<String> lines = new ArrayList<>();
        String wildcard = quote(layout.deviceWildcard());
        rule(lines, "forward", "iifname " + wildcard + " goto from_sliver_forward");
        rule(lines, "forward", "oifname " + wildcard + " ct state established,related accept");
        // Only inbound_nat forwards a new connection to a sliver, so one it translated goes to the
        // sliver holding the port it was addressed to.
        rule(lines, "forward", "oifname " + wildcard + " ct status dnat accept");
        rule(lines, "forward", "oifname " + wildcard + " counter name inbound " + dropLog("inbound") + " drop");
        String chain = "from_sliver_forward";
        rule(lines, chain, "oifname != " + quote(config.uplinkDevice()) + " counter name off_uplink " + dropLog("off_uplink") + " drop");
        // Malformed packets ("ping of death" and the like) that connection tracking cannot place.
        rule(lines, chain, "ct state invalid counter name invalid " + dropLog("invalid") + " drop");
        rule(lines, chain, "ip daddr @" + BLOCKED + " counter name blocked " + dropLog("blocked") + " reject with icmp type admin-prohibited");
        rule(lines, chain, "meta priority set ip saddr map @" + CLASSES);
        return lines;
    }

    /** Logs the packet's start to the audit's nflog group, prefixed with the reason it is dropped. */
    private static String dropLog(String reason) {
        return "log prefix \"" + reason + " \" group " + DROP_LOG_GROUP + " snaplen 96";
    }

    /** Makes built slots complete: their source pair and class entry. */
    public List<Element> addSlots(Collection<Integer> slots) {
        List<Element> elements = new ArrayList<>();
        for (int slot : slots) {
            elements.add(Element.source(SOURCES, layout.hostDevice(slot), layout.address(slot)));
        }
        for (int slot : slots) {
            elements.add(Element.classOf(CLASSES, layout.address(slot), (1 << 16) | layout.classMinor(slot)));
        }
        return elements;
    }

    /** Puts a complete slot in service for a sliver: the elements to add. */
    public List<Element> assign(int slot, String sliverName, boolean ownerVm, boolean mirrored) {
        String device = layout.hostDevice(slot);
        List<Element> elements = new ArrayList<>();
        elements.add(Element.device(ASSIGNED, device, sliverName + (ownerVm ? OWNER_MARK : "")));
        if (mirrored) {
            elements.add(Element.device(MIRRORED, device, null));
        }
        return elements;
    }

    /** Cuts slots off at once; adding an element is fast where deleting one waits for RCU. */
    public List<Element> retire(Collection<Integer> slots) {
        return slots.stream().map(slot -> Element.device(RETIRED, layout.hostDevice(slot), null)).toList();
    }

    /**
     * Every element a slot can have: its entries, its assignment and mirroring once in service,
     * and the {@code retired} mark; that one last, so a slot stays cut off until nothing else of
     * it is left.
     */
    public List<Element> everyElement(Collection<Integer> slots) {
        List<Element> elements = new ArrayList<>();
        for (int slot : slots) {
            String device = layout.hostDevice(slot);
            elements.add(Element.source(SOURCES, device, layout.address(slot)));
            elements.add(new Element(CLASSES, null, layout.address(slot), null, null));
            elements.add(Element.device(ASSIGNED, device, null));
            elements.add(Element.device(MIRRORED, device, null));
        }
        slots.forEach(slot -> elements.add(Element.device(RETIRED, layout.hostDevice(slot), null)));
        return elements;
    }

    /** Deletes every element the kernel still holds for these slots. */
    public List<String> forget(FilterElements state, Collection<Integer> slots) {
        List<String> lines = new ArrayList<>();
        for (int slot : slots) {
            String device = quote(layout.hostDevice(slot));
            String address = layout.address(slot).getHostAddress();
            if (state.assigned().containsKey(slot)) {
                lines.add(deleteElement(ASSIGNED, device));
            }
            if (state.retired().contains(slot)) {
                lines.add(deleteElement(RETIRED, device));
            }
            if (state.mirrored().contains(slot)) {
                lines.add(deleteElement(MIRRORED, device));
            }
            if (state.sources().contains(slot)) {
                lines.add(deleteElement(SOURCES, device + " . " + address));
            }
            if (state.classEntries().contains(slot)) {
                lines.add(deleteElement(CLASSES, address));
            }
        }
        return lines;
    }

    public List<String> blockedScript(List<Ipv4Cidr> blocked) {
        List<String> lines = new ArrayList<>();
        lines.add("flush set " + table + " " + BLOCKED);
        if (!blocked.isEmpty()) {
            lines.add("add element " + table + " " + BLOCKED + " { "
                    + blocked.stream().map(Ipv4Cidr::toString).collect(Collectors.joining(", ")) + " }");
        }
        return lines;
    }

    public List<String> mirroredScript(Collection<Integer> slots) {
        List<String> lines = new ArrayList<>();
        lines.add("flush set " + table + " " + MIRRORED);
        if (!slots.isEmpty()) {
            lines.add("add element " + table + " " + MIRRORED + " { " + devices(slots) + " }");
        }
        return lines;
    }

    public List<String> deleteTable() {
        return List.of("delete table " + table);
    }

    /** The sliver name and owner flag written by {@link #assign} into an element's comment. */
    public static AssignedComment parseComment(String comment) {
        boolean owner = comment.endsWith(OWNER_MARK);
        return new AssignedComment(owner ? comment.substring(0, comment.length() - OWNER_MARK.length()) : comment, owner);
    }

    /** What an {@code assigned} element's comment says. */
    public record AssignedComment(String sliverName, boolean ownerVm) {
        public AssignedComment {
            requireNonNull(sliverName, "sliverName is null");
        }
    }

    private String devices(Collection<Integer> slots) {
        return slots.stream().map(slot -> quote(layout.hostDevice(slot))).collect(Collectors.joining(", "));
    }

    private String deleteElement(String set, String element) {
        return "delete element " + table + " " + set + " { " + element + " }";
    }

    private String meter(String name) {
        return "add set " + table + " " + name + " { type ipv4_addr; flags dynamic,timeout; timeout 1m; size 65536; }";
    }

    private void addChain(List<String> lines, String chain, String hook) {
        lines.add("add chain " + table + " " + chain + (hook == null ? "" : " { " + hook + " }"));
        lines.add("flush chain " + table + " " + chain);
    }

    private void rule(List<String> lines, String chain, String rule) {
        lines.add("add rule " + table + " " + chain + " " + rule);
    }

    private static String quote(String text) {
        return "\"" + text + "\"";
    }
}
