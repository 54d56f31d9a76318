package org.planetlab.node.net.filtering;

import static java.util.Objects.requireNonNull;

import static org.planetlab.node.net.kernel.NetlinkMessage.NLA_F_NESTED;
import static org.planetlab.node.net.kernel.NetlinkMessage.NLM_F_ACK;
import static org.planetlab.node.net.kernel.NetlinkMessage.NLM_F_CREATE;
import static org.planetlab.node.net.kernel.NetlinkMessage.NLM_F_REQUEST;
import static org.planetlab.node.net.kernel.NetlinkMessage.attribute;
import static org.planetlab.node.net.kernel.NetlinkMessage.nested;
import static org.planetlab.node.net.kernel.NetlinkMessage.string;
import static org.planetlab.node.net.kernel.NetlinkMessage.u32;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.node.net.kernel.NetlinkMessage;

/**
 * Encodes "add these elements to these sets and maps" as one nftables netlink batch, the bytes
 * {@code nft add element} sends: a batch-begin message, one NEWSETELEM message
 * per set asking for an acknowledgement, a batch-end message. The kernel applies the batch as
 * one transaction.
 */
public final class SetElementBatch {
    private static final int NFNL_SUBSYS_NFTABLES = 10;
    private static final int NFNL_MSG_BATCH_BEGIN = 0x10;
    private static final int NFNL_MSG_BATCH_END = 0x11;
    private static final int NFT_MSG_NEWSETELEM = 12;
    private static final int NFT_MSG_DELSETELEM = 14;
    /** Deletes an element if it is there (kernel 6.3 and later; older ones refuse it with EINVAL). */
    private static final int NFT_MSG_DESTROYSETELEM = 30;
    private static final int NFPROTO_IPV4 = 2;
    private static final int NFTA_SET_ELEM_LIST_TABLE = 1;
    private static final int NFTA_SET_ELEM_LIST_SET = 2;
    private static final int NFTA_SET_ELEM_LIST_ELEMENTS = 3;
    private static final int NFTA_LIST_ELEM = 1;
    private static final int NFTA_SET_ELEM_KEY = 1;
    private static final int NFTA_SET_ELEM_DATA = 2;
    private static final int NFTA_SET_ELEM_USERDATA = 6;
    private static final int NFTA_DATA_VALUE = 1;
    /** libnftnl's user-data type for an element's comment. */
    private static final byte NFTNL_UDATA_SET_ELEM_COMMENT = 0;
    /** An {@code ifname} key is always 16 bytes, the name padded with zeros. */
    private static final int IFNAMSIZ = 16;

    private SetElementBatch() {}

    /**
     * One element to add. Its key is a device name, a device name and an address (a
     * concatenation), or an address; a map element also carries a class id.
     *
     * @param set the set or map
     * @param device the device part of the key, or {@code null}
     * @param address the address part of the key, or {@code null}
     * @param classId the value for a {@code classid} map ({@code major << 16 | minor}), or {@code null}
     * @param comment the element's comment, or {@code null}
     * @param mark the value for a {@code mark} map, or {@code null}
     */
    public record Element(String set, String device, Inet4Address address, Integer classId, String comment, Integer mark) {
        public Element {
            requireNonNull(set, "set is null");
            if (device == null && address == null) {
                throw new IllegalArgumentException("an element needs a device or an address");
            }
            if (classId != null && mark != null) {
                throw new IllegalArgumentException("an element's value is a class id or a mark, not both");
            }
            if (device != null && device.getBytes(StandardCharsets.US_ASCII).length >= IFNAMSIZ) {
                throw new IllegalArgumentException("device name " + device + " is longer than 15 characters");
            }
        }

        Element(String set, String device, Inet4Address address, Integer classId, String comment) {
            this(set, device, address, classId, comment, null);
        }

        /** An element of a map from device names to marks ({@code type ifname : mark}). */
        public static Element markOf(String map, String device, int mark) {
            return new Element(map, device, null, null, null, mark);
        }

        static Element device(String set, String device, String comment) {
            return new Element(set, device, null, null, comment);
        }

        static Element source(String set, String device, Inet4Address address) {
            return new Element(set, device, address, null, null);
        }

        static Element classOf(String set, Inet4Address address, int classId) {
            return new Element(set, null, address, classId, null);
        }

        /** How nft writes the element, e.g. {@code "plv7" . 10.200.0.9} or {@code 10.200.0.9 : 1:17}. */
        String nftSyntax() {
            StringBuilder text = new StringBuilder();
            if (device != null) {
                text.append('"').append(device).append('"');
            }
            if (address != null) {
                text.append(device == null ? "" : " . ").append(address.getHostAddress());
            }
            if (classId != null) {
                text.append(" : ").append(Integer.toHexString(classId >>> 16)).append(':').append(Integer.toHexString(classId & 0xffff));
            }
            if (mark != null) {
                text.append(" : 0x").append(Integer.toHexString(mark));
            }
            if (comment != null) {
                text.append(" comment \"").append(comment).append('"');
            }
            return text.toString();
        }
    }

    /** An encoded batch and the sequence numbers of its messages that the kernel will acknowledge. */
    record Encoded(byte[] bytes, int firstAcknowledged, int lastAcknowledged) {}

    static Encoded encode(String table, List<Element> elements, int firstSequence) {
        return encode(table, elements, firstSequence, false);
    }

    /**
     * The same batch deleting the elements instead (only their keys are sent): {@code
     * destroy} leaves out those that are not there, {@code delete} fails the batch for them.
     */
    static Encoded encodeDeletion(String table, List<Element> elements, int firstSequence, boolean destroy) {
        return encode(table, elements, firstSequence, destroy ? NFT_MSG_DESTROYSETELEM : NFT_MSG_DELSETELEM);
    }

    private static Encoded encode(String table, List<Element> elements, int firstSequence, boolean delete) {
        return encode(table, elements, firstSequence, delete ? NFT_MSG_DELSETELEM : NFT_MSG_NEWSETELEM);
    }

    private static Encoded encode(String table, List<Element> elements, int firstSequence, int messageType) {
        boolean delete = messageType != NFT_MSG_NEWSETELEM;
        Map<String, ByteArrayOutputStream> bySet = new LinkedHashMap<>();
        for (Element element : elements) {
            Element sent = delete ? new Element(element.set(), element.device(), element.address(), null, null) : element;
            bySet.computeIfAbsent(element.set(), set -> new ByteArrayOutputStream()).writeBytes(listElement(sent));
        }
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        int sequence = firstSequence;
        batch.writeBytes(message(NFNL_MSG_BATCH_BEGIN, NLM_F_REQUEST, sequence++, 0, NFNL_SUBSYS_NFTABLES));
        int firstAcknowledged = sequence;
        for (Map.Entry<String, ByteArrayOutputStream> set : bySet.entrySet()) {
            batch.writeBytes(message((NFNL_SUBSYS_NFTABLES << 8) | messageType,
                    delete ? NLM_F_REQUEST | NLM_F_ACK : NLM_F_REQUEST | NLM_F_CREATE | NLM_F_ACK,
                    sequence++, NFPROTO_IPV4, 0,
                    attribute(NFTA_SET_ELEM_LIST_TABLE, string(table)),
                    attribute(NFTA_SET_ELEM_LIST_SET, string(set.getKey())),
                    attribute(NFTA_SET_ELEM_LIST_ELEMENTS | NLA_F_NESTED, set.getValue().toByteArray())));
        }
        int lastAcknowledged = sequence - 1;
        batch.writeBytes(message(NFNL_MSG_BATCH_END, NLM_F_REQUEST, sequence, 0, NFNL_SUBSYS_NFTABLES));
        return new Encoded(batch.toByteArray(), firstAcknowledged, lastAcknowledged);
    }

    /** How many sequence numbers a batch for these elements uses. */
    static int sequencesUsed(List<Element> elements) {
        return 2 + (int) elements.stream().map(Element::set).distinct().count();
    }

    private static byte[] listElement(Element element) {
        ByteArrayOutputStream key = new ByteArrayOutputStream();
        if (element.device() != null) {
            byte[] padded = new byte[IFNAMSIZ];
            byte[] name = element.device().getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(name, 0, padded, 0, name.length);
            key.writeBytes(padded);
        }
        if (element.address() != null) {
            key.writeBytes(element.address().getAddress());
        }
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(nested(NFTA_SET_ELEM_KEY, attribute(NFTA_DATA_VALUE, key.toByteArray())));
        Integer data = element.classId() != null ? element.classId() : element.mark();
        if (data != null) {
            content.writeBytes(nested(NFTA_SET_ELEM_DATA, attribute(NFTA_DATA_VALUE, u32(data))));
        }
        if (element.comment() != null) {
            byte[] comment = string(element.comment());
            if (comment.length > 255) {
                throw new IllegalArgumentException("comment of " + element.nftSyntax() + " is too long");
            }
            byte[] userData = new byte[comment.length + 2];
            userData[0] = NFTNL_UDATA_SET_ELEM_COMMENT;
            userData[1] = (byte) comment.length;
            System.arraycopy(comment, 0, userData, 2, comment.length);
            content.writeBytes(attribute(NFTA_SET_ELEM_USERDATA, userData));
        }
        return attribute(NFTA_LIST_ELEM | NLA_F_NESTED, content.toByteArray());
    }

    /** An nfnetlink message: the netlink header, then family, version 0 and a big-endian resource id. */
    private static byte[] message(int type, int flags, int sequence, int family, int resourceId, byte[]... attributes) {
        byte[] nfgenmsg = {(byte) family, 0, (byte) (resourceId >> 8), (byte) resourceId};
        return NetlinkMessage.message(type, flags, sequence, nfgenmsg, attributes);
    }
}
