package org.planetlab.plc.reboot;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;

/** Sends a ping of death: the same datagram a few times, since UDP may lose one. */
final class PodSender {
    private final int port;
    private final int copies;

    PodSender(int port, int copies) {
        this.port = port;
        this.copies = copies;
    }

    void send(InetAddress node, byte[] datagram) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            DatagramPacket packet = new DatagramPacket(datagram, datagram.length, node, port);
            for (int copy = 0; copy < copies; copy++) {
                socket.send(packet);
            }
        }
    }

    int port() {
        return port;
    }
}
