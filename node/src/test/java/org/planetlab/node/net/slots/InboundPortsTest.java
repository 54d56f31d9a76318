package org.planetlab.node.net.slots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.rspec.PortList;
import org.planetlab.node.net.PortReservation;
import org.planetlab.node.net.SliverNetworkHandle;
import org.planetlab.node.net.SliverNetworkSpec;
import org.planetlab.node.net.kernel.NamespaceThread;
import org.planetlab.node.net.ports.InboundPorts;
import org.planetlab.node.net.ports.PortHold;
import org.planetlab.node.net.ports.PortKey;
import org.planetlab.node.net.ports.PortViews;
import org.planetlab.node.net.ports.PortedSliverNetwork;
import org.planetlab.node.privileged.Privileged;

/**
 * Privileged: services in slivers reached at the node's address from the "internet" namespace,
 * and the rule that a port belongs to one slice.
 */
@Privileged
class InboundPortsTest {
    private static final InetSocketAddress ANYWHERE = new InetSocketAddress("0.0.0.0", 0);

    @TempDir
    Path state;

    private TestingNode node;
    private ExecutorService background;
    private PortedSliverNetwork network;
    private final List<Closeable> sockets = new ArrayList<>();

    @BeforeEach
    void createNode() {
        node = TestingNode.create();
        background = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("inbound-ports-test-", 0).factory());
        network = startNetwork();
    }

    @AfterEach
    void removeNode() throws IOException {
        try {
            for (Closeable socket : sockets) {
                socket.close();
            }
            if (network != null) {
                network.close();
            }
        } finally {
            background.shutdownNow();
            node.close();
        }
    }

    @Test
    void aTcpServerInASliverIsReachableAtTheNodesAddressAndSeesItsClient() throws IOException {
        SliverNetworkHandle web = network.attach(spec("web", PortReservation.NONE));
        ServerSocketChannel server = listen(web, 8080);

        network.scanPorts();

        assertThat(network.ports().holds()).containsExactly(new PortHold(PortKey.tcp(8080), "web", PortHold.Basis.LISTENING));
        SocketChannel client = connectFromInternet(8080);
        try (SocketChannel accepted = server.accept()) {
            assertThat(((InetSocketAddress) accepted.getRemoteAddress()).getAddress().getHostAddress())
                    .as("the service sees its client's own address").isEqualTo(TestingNode.INTERNET_ADDRESS);
            accepted.write(ByteBuffer.wrap("hello from web".getBytes(StandardCharsets.UTF_8)));
            assertThat(read(client)).isEqualTo("hello from web");
        }
        assertThat(Files.readString(view("web"))).contains("tcp 8080 listening");
    }

    @Test
    void udpEchoThroughAReservedPort() throws IOException {
        SliverNetworkHandle dht = network.attach(spec("dht", new PortReservation(PortList.EMPTY, ports("9999"), false)));
        DatagramChannel echo = inNamespace(dht.namespacePath(), () -> {
            DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
            channel.bind(new InetSocketAddress("0.0.0.0", 9999));
            return channel;
        });
        sockets.add(echo);
        DatagramChannel client = inNamespace(Path.of(node.internetNamespacePath()), () -> {
            DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
            channel.bind(new InetSocketAddress(TestingNode.INTERNET_ADDRESS, 0));
            return channel;
        });
        sockets.add(client);

        client.send(ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8)), new InetSocketAddress(TestingNode.NODE_ADDRESS, 9999));
        Datagram received = receive(echo);
        assertThat(received.from().getAddress().getHostAddress()).isEqualTo(TestingNode.INTERNET_ADDRESS);
        echo.send(ByteBuffer.wrap(received.text().getBytes(StandardCharsets.UTF_8)), received.from());
        Datagram reply = receive(client);

        assertThat(reply.text()).isEqualTo("ping");
        assertThat(reply.from()).as("the reply comes from the node's address and port")
                .isEqualTo(new InetSocketAddress(TestingNode.NODE_ADDRESS, 9999));
        assertThat(network.ports().holds()).containsExactly(new PortHold(PortKey.udp(9999), "dht", PortHold.Basis.RESERVED));
    }

    @Test
    void aSecondSliceCannotTakeAHeldPortAndIsToldWhy() throws IOException {
        SliverNetworkHandle web = network.attach(spec("web", PortReservation.NONE));
        ServerSocketChannel server = listen(web, 8080);
        network.scanPorts();
        SliverNetworkHandle other = network.attach(spec("other", new PortReservation(ports("8080"), PortList.EMPTY, false)));
        SliverNetworkHandle later = network.attach(spec("later", PortReservation.NONE));

        assertThatThrownBy(() -> listen(other, 8080)).isInstanceOf(BindException.class).hasMessageContaining("Address already in use");
        assertThatThrownBy(() -> listen(later, 8080)).isInstanceOf(BindException.class).hasMessageContaining("Address already in use");
        assertThatCode(() -> inNamespace(later.namespacePath(), () -> {
            DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET6);
            sockets.add(channel);
            return channel.bind(new InetSocketAddress("::", 8080));
        })).as("UDP's port space is separate").doesNotThrowAnyException();
        network.scanPorts();

        assertThat(network.ports().holds()).containsExactly(new PortHold(PortKey.tcp(8080), "web", PortHold.Basis.LISTENING),
                new PortHold(PortKey.udp(8080), "later", PortHold.Basis.LISTENING));
        assertThat(network.ports().refused("other")).containsExactly(Map.entry(PortKey.tcp(8080), "held by slice web"));
        assertThat(Files.readString(view("other"))).contains("tcp 8080 refused: held by slice web").doesNotContain("udp 8080");
        SocketChannel client = connectFromInternet(8080);
        try (SocketChannel accepted = server.accept()) {
            accepted.write(ByteBuffer.wrap("web".getBytes(StandardCharsets.UTF_8)));
            assertThat(read(client)).as("the holder, nobody else, gets the connection").isEqualTo("web");
        }
    }

    @Test
    void aReservedPortSurvivesAnAgentRestart() throws IOException {
        SliverNetworkHandle web = network.attach(spec("web", new PortReservation(ports("8081"), PortList.EMPTY, false)));
        SliverNetworkHandle other = network.attach(spec("other", PortReservation.NONE));

        network.close();
        network = startNetwork();

        assertThat(network.ports().holds()).containsExactly(new PortHold(PortKey.tcp(8081), "web", PortHold.Basis.RESERVED));
        assertThat(node.nodeCommand().run(List.of("nft", "list", "map", "ip", "planetlab", "inbound_ports")))
                .contains("tcp . 8081 : " + web.sliverAddress().getHostAddress());
        assertThatThrownBy(() -> listen(other, 8081)).isInstanceOf(BindException.class);
        ServerSocketChannel server = listen(web, 8081);
        network.scanPorts();
        assertThat(network.ports().holds()).as("a reservation stays reserved while the sliver listens")
                .containsExactly(new PortHold(PortKey.tcp(8081), "web", PortHold.Basis.RESERVED));
        SocketChannel client = connectFromInternet(8081);
        try (SocketChannel accepted = server.accept()) {
            accepted.write(ByteBuffer.wrap("still here".getBytes(StandardCharsets.UTF_8)));
            assertThat(read(client)).isEqualTo("still here");
        }
    }

    @Test
    void removingASliceFreesItsPortsForOthers() throws IOException {
        network.attach(spec("web", new PortReservation(ports("8082"), ports("8082"), false)));
        SliverNetworkHandle other = network.attach(spec("other", PortReservation.NONE));
        assertThatThrownBy(() -> listen(other, 8082)).isInstanceOf(BindException.class);
        DatagramChannel client = inNamespace(Path.of(node.internetNamespacePath()), () -> {
            DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
            channel.bind(new InetSocketAddress(TestingNode.INTERNET_ADDRESS, 0));
            return channel;
        });
        sockets.add(client);
        InetSocketAddress nodePort = new InetSocketAddress(TestingNode.NODE_ADDRESS, 8082);
        client.send(ByteBuffer.wrap("to web".getBytes(StandardCharsets.UTF_8)), nodePort);

        network.detach("web");

        assertThat(network.ports().holds()).isEmpty();
        assertThat(node.nodeCommand().run(List.of("nft", "list", "map", "ip", "planetlab", "inbound_ports"))).doesNotContain("8082");
        ServerSocketChannel server = listen(other, 8082);
        DatagramChannel datagrams = inNamespace(other.namespacePath(), () -> {
            DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
            channel.bind(new InetSocketAddress("0.0.0.0", 8082));
            return channel;
        });
        sockets.add(datagrams);
        network.scanPorts();
        assertThat(network.ports().holds()).containsExactly(new PortHold(PortKey.tcp(8082), "other", PortHold.Basis.LISTENING),
                new PortHold(PortKey.udp(8082), "other", PortHold.Basis.LISTENING));
        client.send(ByteBuffer.wrap("to other".getBytes(StandardCharsets.UTF_8)), nodePort);
        assertThat(receive(datagrams).text())
                .as("the same client's next datagram reaches the port's new holder").isEqualTo("to other");
        SocketChannel tcpClient = connectFromInternet(8082);
        try (SocketChannel accepted = server.accept()) {
            assertThat(accepted.isConnected()).isTrue();
        }
        tcpClient.close();
        server.close();
        datagrams.close();
        network.scanPorts();
        assertThat(network.ports().holds()).as("a port taken by listening is free once nobody listens").isEmpty();
    }

    @Test
    void portsBelow1024NeedTheOperatorsGrant() throws IOException {
        SliverNetworkHandle plain = network.attach(spec("plain", PortReservation.NONE));
        SliverNetworkHandle granted = network.attach(spec("granted", new PortReservation(PortList.EMPTY, PortList.EMPTY, true)));
        listen(plain, 80);
        listen(granted, 443);

        network.scanPorts();

        assertThat(network.ports().holds()).containsExactly(new PortHold(PortKey.tcp(443), "granted", PortHold.Basis.LISTENING));
        assertThat(network.ports().refused("plain"))
                .containsExactly(Map.entry(PortKey.tcp(80), "below 1024: needs privileged_ports = 1, granted by an operator"));
    }

    private PortedSliverNetwork startNetwork() {
        LinuxSliverNetwork linux = new LinuxSliverNetwork(node.config(Map.of()), node.nodeCommand(), background);
        InboundPorts ports = new InboundPorts(state.resolve("ports"), node.nodeCommand(), "planetlab",
                Path.of(node.config(Map.of()).nodeNamespace()), new PortViews(sliver -> state.resolve("views").resolve(sliver)));
        PortedSliverNetwork ported = new PortedSliverNetwork(linux, ports, Duration.ZERO);
        ported.start();
        return ported;
    }

    private SliverNetworkSpec spec(String name, PortReservation reservation) {
        try {
            Files.createDirectories(state.resolve("views").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SliverNetworkSpec(name, 1, 1, 100_000, 1_500, false, reservation);
    }

    private Path view(String sliver) {
        return state.resolve("views").resolve(sliver).resolve(PortViews.FILE);
    }

    private static PortList ports(String list) {
        return PortList.parse("ports", list);
    }

    private ServerSocketChannel listen(SliverNetworkHandle sliver, int port) throws IOException {
        ServerSocketChannel server = inNamespace(sliver.namespacePath(), () -> {
            ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.INET6);
            try {
                channel.bind(new InetSocketAddress("::", port));
                return channel;
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        });
        sockets.add(server);
        return server;
    }

    private SocketChannel connectFromInternet(int port) throws IOException {
        SocketChannel client = inNamespace(Path.of(node.internetNamespacePath()), () -> {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.INET);
            channel.socket().connect(new InetSocketAddress(TestingNode.NODE_ADDRESS, port), 5_000);
            return channel;
        });
        sockets.add(client);
        return client;
    }

    private static String read(SocketChannel channel) throws IOException {
        channel.socket().setSoTimeout(5_000);
        byte[] buffer = new byte[256];
        int length = channel.socket().getInputStream().read(buffer);
        return new String(buffer, 0, Math.max(length, 0), StandardCharsets.UTF_8);
    }

    private record Datagram(String text, InetSocketAddress from) {}

    /** The next datagram on {@code channel}, waiting at most five seconds. */
    private static Datagram receive(DatagramChannel channel) throws IOException {
        channel.socket().setSoTimeout(5_000);
        DatagramPacket packet = new DatagramPacket(new byte[256], 256);
        channel.socket().receive(packet);
        return new Datagram(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8),
                (InetSocketAddress) packet.getSocketAddress());
    }

    private interface SocketWork<T> {
        T open() throws IOException;
    }

    /** Opens a socket in a namespace; it stays there whatever thread uses it afterwards. */
    private static <T> T inNamespace(Path namespace, SocketWork<T> work) throws IOException {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<IOException> failure = new AtomicReference<>();
        NamespaceThread.runInEach(List.of(namespace), "test-socket", entered -> {
            try {
                result.set(work.open());
            } catch (IOException e) {
                failure.set(e);
            }
        });
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }
}
