package org.planetlab.node.net.ports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ports a network namespace's sockets wait on, read from {@code /proc/thread-self/net} by a
 * thread inside that namespace (a thread's view of {@code /proc/.../net} is its own namespace's):
 * TCP sockets in LISTEN state and unconnected UDP sockets, IPv4 and IPv6 (an IPv6 socket bound to
 * {@code ::} also receives IPv4). UDP ports in the kernel's ephemeral range are left out: a
 * client's socket that sent a datagram is bound there too, and is no server.
 */
final class Listeners {
    /** Linux's default {@code ip_local_port_range}, which sliver namespaces keep. */
    static final int EPHEMERAL_LOW = 32_768;
    static final int EPHEMERAL_HIGH = 60_999;
    private static final String TCP_LISTEN = "0A";
    private static final String UDP_UNCONNECTED = "07";
    private static final Path NET = Path.of("/proc/thread-self/net");

    private Listeners() {}

    /** The listening ports of the calling thread's network namespace. */
    static Set<PortKey> ofThisNamespace() {
        Set<PortKey> keys = new TreeSet<>();
        for (String file : List.of("tcp", "tcp6")) {
            parse(read(NET.resolve(file)), Protocol.TCP, TCP_LISTEN, keys);
        }
        for (String file : List.of("udp", "udp6")) {
            parse(read(NET.resolve(file)), Protocol.UDP, UDP_UNCONNECTED, keys);
        }
        return keys;
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
