package org.planetlab.node.net.ports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ListenersTest {
    @Test
    void aListeningSocketIsFoundAndItsConnectionsAreNot() throws IOException {
        int port;
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = server.getLocalPort();
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port); Socket accepted = server.accept()) {
                Set<PortKey> found = Listeners.ofThisNamespace();

                assertThat(found).contains(PortKey.tcp(port)).doesNotContain(PortKey.tcp(client.getLocalPort()));
                assertThat(tcpOf(found)).isEqualTo(tcpFromProc());
            }
        }

        assertThat(Listeners.ofThisNamespace()).doesNotContain(PortKey.tcp(port));
    }

    @Test
    void theRequestAsksForListeningTcpSocketsOfOneFamilyAndTheAnswerGivesTheirPort() {
        ByteBuffer request = ByteBuffer.wrap(Listeners.listeningRequest(10)).order(ByteOrder.nativeOrder());

        assertThat(request.capacity()).isEqualTo(56);
        assertThat(request.get(0)).isEqualTo((byte) 10);
        assertThat(request.get(1)).isEqualTo((byte) 6);
        assertThat(request.getInt(4)).isEqualTo(1 << 10);

        ByteBuffer answer = ByteBuffer.allocate(72);
        answer.put(0, (byte) 2).put(1, (byte) 10).put(4, (byte) 0x1f).put(5, (byte) 0x90);
        assertThat(Listeners.listeningPort(answer)).isEqualTo(8080);
    }

    private static Set<PortKey> tcpOf(Set<PortKey> keys) {
        Set<PortKey> tcp = new TreeSet<>();
        keys.stream().filter(key -> key.protocol() == Protocol.TCP).forEach(tcp::add);
        return tcp;
    }

    private static Set<PortKey> tcpFromProc() throws IOException {
        Set<PortKey> keys = new TreeSet<>();
        for (String file : new String[] {"tcp", "tcp6"}) {
            Listeners.parse(Files.readString(Path.of("/proc/self/net", file)), Protocol.TCP, "0A", keys);
        }
        return keys;
    }
}
