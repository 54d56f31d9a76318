package org.planetlab.node.net.slots;

import static org.planetlab.node.net.kernel.NetlinkMessage.NLM_F_ACK;
import static org.planetlab.node.net.kernel.NetlinkMessage.NLM_F_CREATE;
import static org.planetlab.node.net.kernel.NetlinkMessage.NLM_F_REPLACE;
import static org.planetlab.node.net.kernel.NetlinkMessage.NLM_F_REQUEST;
import static org.planetlab.node.net.kernel.NetlinkMessage.attribute;
import static org.planetlab.node.net.kernel.NetlinkMessage.message;
import static org.planetlab.node.net.kernel.NetlinkMessage.u32;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The routing netlink requests that configure a sliver's end of its veth from inside its
 * namespace, what {@code ip -n <ns> -batch} did: loopback up, the device up, its /32 address,
 * and the default route through the gateway ({@code onlink}: the gateway has no subnet here).
 * Every request asks for an acknowledgement and replaces what is there, so it can be repeated.
 */
final class SliverLinkMessages {
    private static final int RTM_NEWLINK = 16;
    private static final int RTM_NEWADDR = 20;
    private static final int RTM_NEWROUTE = 24;
    private static final int AF_UNSPEC = 0;
    private static final int AF_INET = 2;
    private static final int IFF_UP = 0x1;
    private static final int LOOPBACK_INDEX = 1;
    private static final int IFA_ADDRESS = 1;
    private static final int IFA_LOCAL = 2;
    private static final int RTA_OIF = 4;
    private static final int RTA_GATEWAY = 5;
    private static final int RT_TABLE_MAIN = 254;
    private static final int RTPROT_BOOT = 3;
    private static final int RT_SCOPE_UNIVERSE = 0;
    private static final int RTN_UNICAST = 1;
    private static final int RTNH_F_ONLINK = 4;
    /** How many requests {@link #encode} writes, each acknowledged. */
    static final int REQUESTS = 4;

    private SliverLinkMessages() {}

    static byte[] encode(int deviceIndex, Inet4Address address, Inet4Address gateway, int firstSequence) {
        int change = NLM_F_REQUEST | NLM_F_ACK;
        int create = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE;
        ByteArrayOutputStream requests = new ByteArrayOutputStream();
        requests.writeBytes(message(RTM_NEWLINK, change, firstSequence, linkUp(LOOPBACK_INDEX)));
        requests.writeBytes(message(RTM_NEWLINK, change, firstSequence + 1, linkUp(deviceIndex)));
        byte[] ifaddrmsg = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder())
                .put((byte) AF_INET).put((byte) 32).put((byte) 0).put((byte) RT_SCOPE_UNIVERSE).putInt(deviceIndex).array();
        requests.writeBytes(message(RTM_NEWADDR, create, firstSequence + 2, ifaddrmsg,
                attribute(IFA_LOCAL, address.getAddress()), attribute(IFA_ADDRESS, address.getAddress())));
        byte[] rtmsg = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder())
                .put((byte) AF_INET).put((byte) 0).put((byte) 0).put((byte) 0)
                .put((byte) RT_TABLE_MAIN).put((byte) RTPROT_BOOT).put((byte) RT_SCOPE_UNIVERSE).put((byte) RTN_UNICAST)
                .putInt(RTNH_F_ONLINK).array();
        requests.writeBytes(message(RTM_NEWROUTE, create, firstSequence + 3, rtmsg,
                attribute(RTA_GATEWAY, gateway.getAddress()), attribute(RTA_OIF, u32(deviceIndex))));
        return requests.toByteArray();
    }

    /** An ifinfomsg that sets IFF_UP on one device and changes nothing else. */
    private static byte[] linkUp(int index) {
        return ByteBuffer.allocate(16).order(ByteOrder.nativeOrder())
                .put((byte) AF_UNSPEC).put((byte) 0).putShort((short) 0).putInt(index).putInt(IFF_UP).putInt(IFF_UP).array();
    }
}
