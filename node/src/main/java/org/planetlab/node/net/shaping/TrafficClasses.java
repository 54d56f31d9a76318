package org.planetlab.node.net.shaping;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.planetlab.node.net.layout.LeafQueue;
import org.planetlab.node.net.layout.SliverNetworkConfig;
import org.planetlab.node.net.layout.SlotLayout;

/**
 * Writes the {@code tc -batch} lines of the uplink's HTB tree:
 *
 * <pre>
 *   1:      htb qdisc, unclassified traffic to 1:2
 *   1:1     root class, rate = ceil = the node's cap set by the site
 *   1:2     the node's own traffic, its reserved rate guaranteed
 *   1:10+s  one class per slot s, with a leaf queue of handle (10+s):
 * </pre>
 *
 * Packets reach a slot's class through their priority, set by the filter table from the
 * sliver's address; HTB looks a priority equal to one of its class ids up directly.
 */
public final class TrafficClasses {
    private final SliverNetworkConfig config;
    private final SlotLayout layout;
    private final String device;

    public TrafficClasses(SliverNetworkConfig config, SlotLayout layout) {
        this.config = requireNonNull(config, "config is null");
        this.layout = requireNonNull(layout, "layout is null");
        this.device = config.uplinkDevice();
    }

    /** Replaces whatever root qdisc the uplink has; this drops existing classes. */
    public String rootQdisc() {
        return "qdisc replace dev " + device + " root handle 1: htb default " + Integer.toHexString(SlotLayout.NODE_CLASS);
    }

    /** The root and node classes for a node cap; replacing keeps the classes below them. */
    public List<String> nodeClasses(long nodeRateKbps) {
        ClassRates root = ClassRates.of(nodeRateKbps, nodeRateKbps);
        ClassRates node = ClassRates.of(config.nodeReservedKbps(), nodeRateKbps);
        return List.of(
                "class replace dev " + device + " parent 1: classid 1:" + SlotLayout.ROOT_CLASS + " htb " + root.tcParameters(),
                "class replace dev " + device + " parent 1:" + SlotLayout.ROOT_CLASS + " classid 1:"
                        + Integer.toHexString(SlotLayout.NODE_CLASS) + " htb " + node.tcParameters());
    }

    public String nodeLeaf(LeafQueue leaf, long nodeRateKbps) {
        return "qdisc replace dev " + device + " parent 1:" + Integer.toHexString(SlotLayout.NODE_CLASS) + " handle "
                + Integer.toHexString(SlotLayout.NODE_CLASS) + ": " + String.join(" ", leaf.tcArguments(nodeRateKbps));
    }

    /** Creates or updates a slot's class and its leaf queue. */
    List<String> slotClass(int slot, ClassRates rates, LeafQueue leaf) {
        return List.of(slotClassOnly(slot, rates), slotLeaf(slot, rates, leaf));
    }

    /** Changes a slot's rates, and its leaf's size when that follows the ceiling. */
    List<String> changeSlotClass(int slot, ClassRates rates, LeafQueue leaf) {
        return leaf.sizedByCeiling() ? slotClass(slot, rates, leaf) : List.of(slotClassOnly(slot, rates));
    }

    private String slotClassOnly(int slot, ClassRates rates) {
        return "class replace dev " + device + " parent 1:" + SlotLayout.ROOT_CLASS + " classid " + layout.classId(slot)
                + " htb " + rates.tcParameters();
    }

    private String slotLeaf(int slot, ClassRates rates, LeafQueue leaf) {
        return "qdisc replace dev " + device + " parent " + layout.classId(slot) + " handle " + layout.leafHandle(slot)
                + " " + String.join(" ", leaf.tcArguments(rates.ceilKbps()));
    }

    /** Deletes a slot's class; its leaf queue goes with it. */
    public String deleteSlotClass(int slot) {
        return "class del dev " + device + " classid " + layout.classId(slot);
    }

    public String deleteRoot() {
        return "qdisc del dev " + device + " root";
    }
}
