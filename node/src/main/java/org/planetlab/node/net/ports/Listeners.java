package org.planetlab.node.net.ports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.net.kernel.NetlinkSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ports a network namespace's sockets wait on, read by a thread inside that namespace: TCP
 * sockets in LISTEN state and unconnected UDP sockets, IPv4 and IPv6 (an IPv6 socket bound to
 * {@code ::} also receives IPv4). UDP ports in the kernel's ephemeral range are left out: a
 * client's socket that sent a datagram is bound there too, and is no server.
 *
 * <p>TCP listeners come from the kernel's socket diagnostics (netlink, asking for LISTEN sockets
 * only), which look at the listening sockets alone. {@code /proc/net/tcp} would walk every bucket
 * of the established-connection table, which all namespaces share and which is large on a big
 * machine (262,144 buckets here: 3-9 ms of kernel time per read, against 0.02-0.3 ms); with a scan
 * every second of every sliver's namespace, that was a steady share of the node's CPU. UDP comes
 * from {@code /proc/thread-self/net} (a thread's view of it is its own namespace's), whose table
 * is small; so does TCP where the kernel has no socket diagnostics.
 */
final class Listeners {
    /** Linux's default {@code ip_local_port_range}, which sliver namespaces keep. */
    static final int EPHEMERAL_LOW = 32_768;
    static final int EPHEMERAL_HIGH = 60_999;
    private static final String TCP_LISTEN = "0A";
    private static final String UDP_UNCONNECTED = "07";
    private static final Path NET = Path.of("/proc/thread-self/net");
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
    private static final int SOCK_DIAG_BY_FAMILY = 20;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int IPPROTO_TCP = 6;
    private static final int TCP_LISTEN_STATE = 10;
    /** An {@code inet_diag_req_v2}: family, protocol, extensions, padding, states, and a socket id of zeros. */
    private static final int INET_DIAG_REQUEST_BYTES = 56;
    /** False once the kernel refused socket diagnostics; then every read goes to /proc. */
    private static volatile boolean diagnostics = true;

    private Listeners() {}

    /** The listening ports of the calling thread's network namespace. */
    static Set<PortKey> ofThisNamespace() {
        Set<PortKey> keys = new TreeSet<>();
        if (!tcpFromDiagnostics(keys)) {
            for (String file : List.of("tcp", "tcp6")) {
                parse(read(NET.resolve(file)), Protocol.TCP, TCP_LISTEN, keys);
            }
        }
        for (String file : List.of("udp", "udp6")) {
            parse(read(NET.resolve(file)), Protocol.UDP, UDP_UNCONNECTED, keys);
        }
        return keys;
    }

    /**
     * Adds the ports of the namespace's listening TCP sockets; false (nothing added) if the kernel
     * gave no answer, and from then on if it has no socket diagnostics at all.
     */
    private static boolean tcpFromDiagnostics(Set<PortKey> keys) {
        if (!diagnostics) {
            return false;
        }
        NetlinkSocket socket;
        try {
            socket = NetlinkSocket.openHere(NetlinkSocket.SOCK_DIAG);
        } catch (PlanetLabException e) {
            diagnostics = false;
            LOG.info("no socket diagnostics in this kernel ({}); listening TCP ports are read from /proc", e.getMessage());
            return false;
        }
        Set<PortKey> found = new TreeSet<>();
        try (socket) {
            for (int family : List.of(AF_INET, AF_INET6)) {
                for (ByteBuffer answer : socket.dump(SOCK_DIAG_BY_FAMILY, listeningRequest(family), "listing listening TCP sockets")) {
                    int port = listeningPort(answer);
                    if (port != 0) {
                        found.add(new PortKey(Protocol.TCP, port));
                    }
                }
            }
        } catch (PlanetLabException e) {
            LOG.warn("{}; reading /proc instead", e.getMessage());
            return false;
        }
        keys.addAll(found);
        return true;
    }

    /** An {@code inet_diag_req_v2} asking for the TCP sockets of {@code family} in LISTEN state. */
    static byte[] listeningRequest(int family) {
        return ByteBuffer.allocate(INET_DIAG_REQUEST_BYTES).order(ByteOrder.nativeOrder())
                .put((byte) family).put((byte) IPPROTO_TCP).put((byte) 0).put((byte) 0).putInt(1 << TCP_LISTEN_STATE).array();
    }

    /** The local port of one {@code inet_diag_msg} (family, state, timer, retransmits, then the port in network order). */
    static int listeningPort(ByteBuffer answer) {
        return Short.toUnsignedInt(answer.duplicate().order(ByteOrder.BIG_ENDIAN).getShort(4));
    }

    /**
     * Adds the ports of the sockets in {@code state} from a {@code /proc/net/tcp}-style table:
     * a header line, then {@code sl local_address rem_address st ...} with hexadecimal
     * {@code address:port} fields.
     */
    static void parse(String table, Protocol protocol, String state, Set<PortKey> keys) {
        table.lines().skip(1).forEach(line -> {
            String[] fields = line.strip().split("\\s+");
            if (fields.length < 4 || !fields[3].equals(state)) {
                return;
            }
            String local = fields[1];
            int port = Integer.parseInt(local.substring(local.indexOf(':') + 1), 16);
            if (port == 0 || protocol == Protocol.UDP && port >= EPHEMERAL_LOW && port <= EPHEMERAL_HIGH) {
                return;
            }
            keys.add(new PortKey(protocol, port));
        });
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
