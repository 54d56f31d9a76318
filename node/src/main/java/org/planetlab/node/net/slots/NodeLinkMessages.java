package org.planetlab.node.net.slots;

import static org.planetlab.node.net.kernel.NetlinkMessage.NLM_F_ACK;
import static org.planetlab.node.net.kernel.NetlinkMessage.NLM_F_CREATE;
import static org.planetlab.node.net.kernel.NetlinkMessage.NLM_F_REPLACE;
import static org.planetlab.node.net.kernel.NetlinkMessage.NLM_F_REQUEST;
import static org.planetlab.node.net.kernel.NetlinkMessage.attribute;
import static org.planetlab.node.net.kernel.NetlinkMessage.message;
import static org.planetlab.node.net.kernel.NetlinkMessage.nested;
import static org.planetlab.node.net.kernel.NetlinkMessage.string;
import static org.planetlab.node.net.kernel.NetlinkMessage.u32;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The routing netlink requests that build the node side of a slot, what {@code ip -batch} did
 * with {@code link add <device> up type veth peer name <sliver device> netns <namespace>} and
 * {@code route replace <address>/32 dev <device>}: the veth pair is made in the node's namespace
 * with its peer moved into the sliver's (named by an open descriptor of the namespace file), and
 * the node routes the sliver's address to its device.
 */
final class NodeLinkMessages {
    private static final int RTM_NEWLINK = 16;
    private static final int RTM_NEWROUTE = 24;
    private static final int NLM_F_EXCL = 0x200;
    private static final int AF_UNSPEC = 0;
    private static final int AF_INET = 2;
    private static final int IFF_UP = 0x1;
    private static final int IFLA_IFNAME = 3;
    private static final int IFLA_LINKINFO = 18;
    private static final int IFLA_NET_NS_FD = 28;
    private static final int IFLA_INFO_KIND = 1;
    private static final int IFLA_INFO_DATA = 2;
    private static final int VETH_INFO_PEER = 1;
    private static final int RTA_DST = 1;
    private static final int RTA_OIF = 4;
    private static final int RT_TABLE_MAIN = 254;
    private static final int RTPROT_BOOT = 3;
    private static final int RT_SCOPE_LINK = 253;
    private static final int RTN_UNICAST = 1;

    private NodeLinkMessages() {}

    /** A new veth pair, the node's end up, the peer created in the namespace the descriptor names. */
    static byte[] vethPair(String device, String peer, int namespaceDescriptor, int sequence) {
        // The peer's attribute is an ifinfomsg followed by the peer's own attributes.
        ByteArrayOutputStream peerInfo = new ByteArrayOutputStream();
        peerInfo.writeBytes(ifinfomsg(0, 0));
        peerInfo.writeBytes(attribute(IFLA_IFNAME, string(peer)));
        peerInfo.writeBytes(attribute(IFLA_NET_NS_FD, u32(namespaceDescriptor)));
        return message(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, sequence, ifinfomsg(IFF_UP, IFF_UP),
                attribute(IFLA_IFNAME, string(device)),
                nested(IFLA_LINKINFO, attribute(IFLA_INFO_KIND, string("veth")),
                        nested(IFLA_INFO_DATA, attribute(VETH_INFO_PEER, peerInfo.toByteArray()))));
    }

    /** The host route of a sliver's address through its device. */
    static byte[] hostRoute(Inet4Address address, int deviceIndex, int sequence) {
        byte[] rtmsg = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder())
                .put((byte) AF_INET).put((byte) 32).put((byte) 0).put((byte) 0)
                .put((byte) RT_TABLE_MAIN).put((byte) RTPROT_BOOT).put((byte) RT_SCOPE_LINK).put((byte) RTN_UNICAST)
                .putInt(0).array();
        return message(RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE, sequence, rtmsg,
                attribute(RTA_DST, address.getAddress()), attribute(RTA_OIF, u32(deviceIndex)));
    }

    private static byte[] ifinfomsg(int flags, int change) {
        return ByteBuffer.allocate(16).order(ByteOrder.nativeOrder())
                .put((byte) AF_UNSPEC).put((byte) 0).putShort((short) 0).putInt(0).putInt(flags).putInt(change).array();
    }
}
