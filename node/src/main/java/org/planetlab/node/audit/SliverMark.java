package org.planetlab.node.audit;

import static java.util.Objects.requireNonNull;

import org.planetlab.api.audit.FlowRecord;

/**
 * The connection-tracking mark the node gives one attachment of a sliver to a slot: every
 * connection whose packets enter the node through {@code device} while the sliver holds it carries
 * {@code mark}, and the mark names the slice for as long as the node keeps flow records.
 *
 * @param mark the conntrack mark, {@link SliverMarks#MARK_BASE} plus a number never reused
 * @param sliverName the slice's login name
 * @param sliceId the slice's database id at PLC
 * @param device the node-side veth the sliver's packets cross
 * @param sliverAddress the sliver's private address
 */
public record SliverMark(int mark, String sliverName, int sliceId, String device, String sliverAddress) {
    public SliverMark {
        requireNonNull(sliverName, "sliverName is null");
        requireNonNull(device, "device is null");
        requireNonNull(sliverAddress, "sliverAddress is null");
        if ((mark & SliverMarks.MARK_MASK) != SliverMarks.MARK_BASE) {
            throw new IllegalArgumentException("mark " + Integer.toHexString(mark) + " is outside the audit range");
        }
        if (sliceId <= 0) {
            throw new IllegalArgumentException("slice id must be positive, got " + sliceId);
        }
        if (!device.matches("[a-zA-Z][a-zA-Z0-9_.-]{0,14}")) {
            throw new IllegalArgumentException("not a device name: " + device);
        }
        if (!FlowRecord.isAddressLiteral(sliverAddress)) {
            throw new IllegalArgumentException("not an address: " + sliverAddress);
        }
    }

    /** The line this mark is stored as: {@code mark sliceId sliverName device address}. */
    String line() {
        return Integer.toUnsignedString(mark) + " " + sliceId + " " + sliverName + " " + device + " " + sliverAddress;
    }

    static SliverMark parse(String line) {
        String[] words = line.strip().split(" ");
        if (words.length != 5) {
            throw new IllegalArgumentException("a mark line has 5 words: " + line);
        }
        return new SliverMark(Integer.parseUnsignedInt(words[0]), words[2], Integer.parseInt(words[1]), words[3], words[4]);
    }
}
