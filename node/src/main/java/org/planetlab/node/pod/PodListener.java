package org.planetlab.node.pod;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.planetlab.node.pod.PodVerdict.Reason;
import org.planetlab.trust.node.NodeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for pings of death on a UDP port and reboots the node when one is accepted. It shares
 * nothing with the rest of the agent: its own platform thread at the highest priority, its own
 * socket and buffer, no executor, no lock the node manager takes, no call to PLC. A node whose
 * agent is busy creating a thousand slivers, or stuck, still reboots; the datagram costs one
 * HMAC to check, so forged ones flood nothing. Refusals are counted and logged at a bounded rate.
 */
public final class PodListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PodListener.class);
    private static final int LOGGED_REFUSALS_PER_MINUTE = 20;

    private final DatagramSocket socket;
    private final PodVerifier verifier;
    private final RebootAction action;
    private final RefusalLog refusalLog;
    private final Thread thread;
    private final AtomicLong accepted = new AtomicLong();
    private final Map<Reason, AtomicLong> refused = new EnumMap<>(Reason.class);

    private PodListener(DatagramSocket socket, PodVerifier verifier, RebootAction action, Clock clock) {
        this.socket = socket;
        this.verifier = verifier;
        this.action = action;
        this.refusalLog = new RefusalLog(clock, LOGGED_REFUSALS_PER_MINUTE);
        for (Reason reason : Reason.values()) {
            refused.put(reason, new AtomicLong());
        }
        this.thread = Thread.ofPlatform().name("pod-listener").daemon().priority(Thread.MAX_PRIORITY).unstarted(this::serve);
    }

    /**
     * Binds the port and starts listening.
     *
     * @param sequenceFile where the last obeyed sequence is kept across reboots
     */
    public static PodListener start(PodSettings settings, long nodeId, NodeKey key, Path sequenceFile, RebootAction action,
            Clock clock) {
        requireNonNull(settings, "settings is null");
        PodVerifier verifier = new PodVerifier(nodeId, key, settings.window(), clock, LastSequence.open(sequenceFile));
        DatagramSocket socket;
        try {
            socket = new DatagramSocket(new InetSocketAddress(settings.address(), settings.port()));
        } catch (SocketException e) {
            throw new UncheckedIOException("cannot listen for pings of death on UDP " + settings.address() + " port "
                    + settings.port() + " (pod-address, pod-port)", e);
        }
        PodListener listener = new PodListener(socket, verifier, requireNonNull(action, "action is null"), clock);
        listener.thread.start();
        LOG.info("listening for pings of death for node {} on UDP {}:{}", nodeId, settings.address(), listener.port());
        return listener;
    }

    /** The UDP port it listens on. */
    public int port() {
        return socket.getLocalPort();
    }

    /** How many pings of death it obeyed. */
    public long accepted() {
        return accepted.get();
    }

    /** How many datagrams it refused for {@code reason}. */
    public long refused(Reason reason) {
        return refused.get(reason).get();
    }

    private void serve() {
        byte[] buffer = new byte[256];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!socket.isClosed()) {
            try {
                packet.setLength(buffer.length);
                socket.receive(packet);
                handle(buffer, packet.getLength(), packet.getAddress().getHostAddress());
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    LOG.warn("receiving on the ping-of-death port failed: {}", e.getMessage());
                }
            } catch (RuntimeException e) {
                // A full disk (the sequence cannot be recorded) must not end the listener.
                LOG.error("a ping of death could not be handled", e);
            }
        }
    }

    private void handle(byte[] datagram, int length, String source) {
        switch (verifier.verify(datagram, length)) {
            case PodVerdict.Accepted(var pod) -> {
                accepted.incrementAndGet();
                LOG.warn("ping of death from {} accepted (sequence {}, made at {}): rebooting through {}", source,
                        pod.sequence(), pod.timestamp(), action);
                action.reboot(pod);
            }
            case PodVerdict.Refused refusal -> {
                refused.get(refusal.reason()).incrementAndGet();
                refusalLog.refused(refusal, source);
            }
        }
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
