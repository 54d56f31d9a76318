package org.planetlab.node.net.layout;

import static java.util.Objects.requireNonNull;

import java.net.Inet4Address;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.planetlab.node.net.Ipv4Cidr;

/**
 * Names and numbers of the kernel objects of one slot. A slot is one sliver network (namespace,
 * veth pair, address, traffic class, filter entries); slots are numbered by the network itself so
 * they can be built before the sliver they will serve is known.
 *
 * <ul>
 *   <li>namespace {@code <namespace-prefix><slot>} in {@code /run/netns}
 *   <li>node-side device {@code <device-prefix><slot>}, sliver side {@code <sliver-device>}
 *   <li>address: the sliver subnet's address number {@code slot + 2}; number 1 is the gateway
 *   <li>HTB class {@code 1:<slot + 0x10>} with leaf qdisc handle {@code <slot + 0x10>:}
 * </ul>
 */
public final class SlotLayout {
    /** Where {@code ip netns} keeps named namespaces; fixed in iproute2. */
    public static final Path NAMESPACE_DIRECTORY = Path.of("/run/netns");
    /** HTB minors below this belong to the node: 1 is the root class, 2 the node's own traffic. */
    public static final int FIRST_SLOT_CLASS = 0x10;
    public static final int ROOT_CLASS = 1;
    public static final int NODE_CLASS = 2;
    private static final int MAX_CLASS = 0xffff;

    private final SliverNetworkConfig config;
    private final int slotCount;

    public SlotLayout(SliverNetworkConfig config) {
        this.config = requireNonNull(config, "config is null");
        long addressSlots = config.sliverSubnet().size() - 4;
        int digitsAllowed = 15 - config.devicePrefix().length();
        long nameSlots = digitsAllowed >= 5 ? 100_000 : (long) Math.pow(10, digitsAllowed);
        this.slotCount = (int) Math.min(Math.min(addressSlots, MAX_CLASS - FIRST_SLOT_CLASS + 1), nameSlots);
    }

    /** How many slots the subnet, the class numbers and the device names allow. */
    public int slotCount() {
        return slotCount;
    }

    public String namespaceName(int slot) {
        return config.namespacePrefix() + checked(slot);
    }

    public Path namespacePath(int slot) {
        return NAMESPACE_DIRECTORY.resolve(namespaceName(slot));
    }

    public String hostDevice(int slot) {
        return config.devicePrefix() + checked(slot);
    }

    /** The node-side end of the owner VM's mirror link; not a slot device (no digits). */
    public String mirrorDevice() {
        return config.devicePrefix() + "m";
    }

    /** The owner VM's end of the mirror link, inside its namespace. */
    public String ownerMirrorDevice() {
        return "mirror0";
    }

    /** Matches every node-side sliver device in nftables rules. */
    public String deviceWildcard() {
        return config.devicePrefix() + "*";
    }

    public Inet4Address address(int slot) {
        return config.sliverSubnet().addressAt(checked(slot) + 2L);
    }

    public Inet4Address gateway() {
        return config.sliverSubnet().addressAt(1);
    }

    /** Copies for the owner VM are routed to this address; nothing answers it. */
    public Inet4Address mirrorAddress() {
        return config.sliverSubnet().addressAt(config.sliverSubnet().size() - 2);
    }

    public int classMinor(int slot) {
        return FIRST_SLOT_CLASS + checked(slot);
    }

    /** {@code 1:<minor>} in tc's hexadecimal notation. */
    public String classId(int slot) {
        return "1:" + Integer.toHexString(classMinor(slot));
    }

    /** The leaf qdisc's handle, {@code <minor>:}. */
    public String leafHandle(int slot) {
        return Integer.toHexString(classMinor(slot)) + ":";
    }

    public OptionalInt slotOfNamespace(String name) {
        return slotAfterPrefix(name, config.namespacePrefix());
    }

    public OptionalInt slotOfDevice(String name) {
        return slotAfterPrefix(name, config.devicePrefix());
    }

    public OptionalInt slotOfClassMinor(int minor) {
        int slot = minor - FIRST_SLOT_CLASS;
        return slot >= 0 && slot < slotCount ? OptionalInt.of(slot) : OptionalInt.empty();
    }

    public OptionalInt slotOfAddress(Inet4Address address) {
        if (!config.sliverSubnet().contains(address)) {
            return OptionalInt.empty();
        }
        long slot = (Ipv4Cidr.toInt(address) - Ipv4Cidr.toInt(config.sliverSubnet().network()) & 0xffffffffL) - 2;
        return slot >= 0 && slot < slotCount ? OptionalInt.of((int) slot) : OptionalInt.empty();
    }

    private OptionalInt slotAfterPrefix(String name, String prefix) {
        if (!name.startsWith(prefix)) {
            return OptionalInt.empty();
        }
        String digits = name.substring(prefix.length());
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(Character::isDigit)
                || (digits.length() > 1 && digits.charAt(0) == '0')) {
            return OptionalInt.empty();
        }
        int slot = Integer.parseInt(digits);
        return slot < slotCount ? OptionalInt.of(slot) : OptionalInt.empty();
    }

    private int checked(int slot) {
        if (slot < 0 || slot >= slotCount) {
            throw new IllegalArgumentException("slot " + slot + " is outside 0.." + (slotCount - 1));
        }
        return slot;
    }
}
