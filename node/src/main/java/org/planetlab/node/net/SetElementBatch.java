package org.planetlab.node.net;

import static java.util.Objects.requireNonNull;

import static org.planetlab.node.net.NetlinkMessage.NLA_F_NESTED;
import static org.planetlab.node.net.NetlinkMessage.NLM_F_ACK;
import static org.planetlab.node.net.NetlinkMessage.NLM_F_CREATE;
import static org.planetlab.node.net.NetlinkMessage.NLM_F_REQUEST;
import static org.planetlab.node.net.NetlinkMessage.attribute;
import static org.planetlab.node.net.NetlinkMessage.nested;
import static org.planetlab.node.net.NetlinkMessage.string;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes "add these interface names (with comments) to these sets" as one nftables netlink
 * batch, the bytes {@code nft add element} sends: a batch-begin message, one NEWSETELEM message
 * per set asking for an acknowledgement, a batch-end message. The kernel applies the batch as
 * one transaction.
 */
final class SetElementBatch {
    private static final int NFNL_SUBSYS_NFTABLES = 10;
    private static final int NFNL_MSG_BATCH_BEGIN = 0x10;
    private static final int NFNL_MSG_BATCH_END = 0x11;
    private static final int NFT_MSG_NEWSETELEM = 12;
    private static final int NFPROTO_IPV4 = 2;
    private static final int NFTA_SET_ELEM_LIST_TABLE = 1;
    private static final int NFTA_SET_ELEM_LIST_SET = 2;
    private static final int NFTA_SET_ELEM_LIST_ELEMENTS = 3;
    private static final int NFTA_LIST_ELEM = 1;
    private static final int NFTA_SET_ELEM_KEY = 1;
    private static final int NFTA_SET_ELEM_USERDATA = 6;
    private static final int NFTA_DATA_VALUE = 1;
    /** libnftnl's user-data type for an element's comment. */
    private static final byte NFTNL_UDATA_SET_ELEM_COMMENT = 0;
    /** An {@code ifname} key is always 16 bytes, the name padded with zeros. */
    private static final int IFNAMSIZ = 16;

    private SetElementBatch() {}

    /** One interface name to add to a set, with a comment or {@code null}. */
    record Element(String set, String device, String comment) {
        Element {
            requireNonNull(set, "set is null");
            requireNonNull(device, "device is null");
            if (device.getBytes(StandardCharsets.US_ASCII).length >= IFNAMSIZ) {
                throw new IllegalArgumentException("device name " + device + " is longer than 15 characters");
            }
        }
    }

    /** An encoded batch and the sequence numbers of its messages that the kernel will acknowledge. */
    record Encoded(byte[] bytes, int firstAcknowledged, int lastAcknowledged) {}

    static Encoded encode(String table, List<Element> elements, int firstSequence) {
        Map<String, ByteArrayOutputStream> bySet = new LinkedHashMap<>();
        for (Element element : elements) {
            bySet.computeIfAbsent(element.set(), set -> new ByteArrayOutputStream()).writeBytes(listElement(element));
        }
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        int sequence = firstSequence;
        batch.writeBytes(message(NFNL_MSG_BATCH_BEGIN, NLM_F_REQUEST, sequence++, 0, NFNL_SUBSYS_NFTABLES));
        int firstAcknowledged = sequence;
        for (Map.Entry<String, ByteArrayOutputStream> set : bySet.entrySet()) {
            batch.writeBytes(message((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_NEWSETELEM, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_ACK,
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
        byte[] key = new byte[IFNAMSIZ];
        byte[] name = element.device().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, key, 0, name.length);
        byte[] keyAttribute = nested(NFTA_SET_ELEM_KEY, attribute(NFTA_DATA_VALUE, key));
        if (element.comment() == null) {
            return nested(NFTA_LIST_ELEM, keyAttribute);
        }
        byte[] comment = string(element.comment());
        if (comment.length > 255) {
            throw new IllegalArgumentException("comment of " + element.device() + " is too long");
        }
        byte[] userData = new byte[comment.length + 2];
        userData[0] = NFTNL_UDATA_SET_ELEM_COMMENT;
        userData[1] = (byte) comment.length;
        System.arraycopy(comment, 0, userData, 2, comment.length);
        return nested(NFTA_LIST_ELEM, keyAttribute, attribute(NFTA_SET_ELEM_USERDATA, userData));
    }

    /** An nfnetlink message: the netlink header, then family, version 0 and a big-endian resource id. */
    private static byte[] message(int type, int flags, int sequence, int family, int resourceId, byte[]... attributes) {
        byte[] nfgenmsg = {(byte) family, 0, (byte) (resourceId >> 8), (byte) resourceId};
        return NetlinkMessage.message(type, flags, sequence, nfgenmsg, attributes);
    }
}
