package org.planetlab.node.pod;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.node.pod.PodVerdict.Reason;
import org.planetlab.trust.node.NodeKey;
import org.planetlab.trust.node.PingOfDeath;

/** The node's ping-of-death listener on a real UDP socket on loopback. */
class PodListenerTest {
    private static final long NODE = 17;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final NodeKey key = NodeKey.generate(RANDOM);
    private final BlockingQueue<PingOfDeath> reboots = new LinkedBlockingQueue<>();
    private final List<PodListener> listeners = new ArrayList<>();
    @TempDir
    Path state;

    @AfterEach
    void stop() {
        listeners.forEach(PodListener::close);
    }

    @Test
    void aValidPingOfDeathRebootsTheNodeWhileTheAgentIsBusy() throws Exception {
        PodListener listener = listen();
        AtomicBoolean busy = new AtomicBoolean(true);
        ReentrantLock agentLock = new ReentrantLock();
        agentLock.lock();
        List<Thread> load = new ArrayList<>();
        try {
            // Every core spinning at the highest priority, the common pool taken, the agent's lock held.
            for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors() + 2; i++) {
                load.add(Thread.ofPlatform().priority(Thread.MAX_PRIORITY).start(() -> spin(busy)));
                java.util.concurrent.ForkJoinPool.commonPool().execute(() -> spin(busy));
            }
            send(listener, new PingOfDeath(NODE, 41, Instant.now()).sign(key));

            PingOfDeath obeyed = reboots.poll(10, TimeUnit.SECONDS);
            assertThat(obeyed).isEqualTo(new PingOfDeath(NODE, 41, obeyed.timestamp()));
            assertThat(listener.accepted()).isEqualTo(1);
        } finally {
            busy.set(false);
            agentLock.unlock();
            for (Thread thread : load) {
                thread.join();
            }
        }
        assertThat(state.resolve("last-sequence")).hasContent("41");
    }

    @Test
    void unsignedForeignStaleAndMalformedDatagramsAreIgnored() throws Exception {
        PodListener listener = listen();
        Instant now = Instant.now();
        byte[] forged = new PingOfDeath(NODE, 5, now).sign(NodeKey.generate(RANDOM));
        byte[] altered = new PingOfDeath(NODE, 6, now).sign(key);
        altered[20] ^= 1;
        send(listener, forged);
        send(listener, altered);
        send(listener, new PingOfDeath(NODE + 1, 7, now).sign(NodeKey.generate(RANDOM)));
        send(listener, new PingOfDeath(NODE + 1, 8, now).sign(key));
        send(listener, new PingOfDeath(NODE, 9, now.minusSeconds(600)).sign(key));
        send(listener, new PingOfDeath(NODE, 10, now.plusSeconds(600)).sign(key));
        send(listener, "reboot please".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] longer = java.util.Arrays.copyOf(new PingOfDeath(NODE, 11, now).sign(key), PingOfDeath.SIZE + 1);
        send(listener, longer);

        awaitCount(() -> listener.refused(Reason.UNSIGNED), 2);
        awaitCount(() -> listener.refused(Reason.FOREIGN), 2);
        awaitCount(() -> listener.refused(Reason.STALE), 2);
        awaitCount(() -> listener.refused(Reason.MALFORMED), 2);
        assertThat(listener.accepted()).isZero();
        assertThat(reboots).isEmpty();
        assertThat(state.resolve("last-sequence")).doesNotExist();
    }

    @Test
    void aPingOfDeathIsObeyedOnceEvenAcrossAReboot() throws Exception {
        PodListener listener = listen();
        byte[] pod = new PingOfDeath(NODE, 3, Instant.now()).sign(key);
        send(listener, pod);
        assertThat(reboots.poll(10, TimeUnit.SECONDS)).isNotNull();
        send(listener, pod);
        awaitCount(() -> listener.refused(Reason.REPLAYED), 1);

        listener.close();
        PodListener afterReboot = listen();
        send(afterReboot, pod);
        send(afterReboot, new PingOfDeath(NODE, 2, Instant.now()).sign(key));
        awaitCount(() -> afterReboot.refused(Reason.REPLAYED), 2);
        send(afterReboot, new PingOfDeath(NODE, 4, Instant.now()).sign(key));
        assertThat(reboots.poll(10, TimeUnit.SECONDS).sequence()).isEqualTo(4);
        assertThat(afterReboot.accepted()).isEqualTo(1);
        assertThat(reboots).isEmpty();
    }

    @Test
    void settingsComeFromThePodKeysAndLeaveTheOthers() {
        assertThat(PodSettings.from(java.util.Map.of("device-prefix", "plv"))).isEmpty();
        PodSettings settings = PodSettings.from(java.util.Map.of("pod-port", "7911", "pod-action",
                "sh -c  'echo b > /proc/sysrq-trigger'")).orElseThrow();
        assertThat(settings.port()).isEqualTo(7911);
        assertThat(settings.window()).isEqualTo(Duration.ofSeconds(120));
        assertThat(settings.action()).first().isEqualTo("sh");
        assertThat(PodSettings.from(java.util.Map.of("pod-port", "7911")).orElseThrow().action())
                .containsExactly("systemctl", "reboot", "--force");
        assertThat(PodSettings.withoutPodKeys(java.util.Map.of("pod-port", "1", "device-prefix", "plv")))
                .containsOnlyKeys("device-prefix");
    }

    private PodListener listen() {
        PodSettings settings = new PodSettings(anyFreePort(), "127.0.0.1", List.of("true"), Duration.ofSeconds(120));
        PodListener listener = PodListener.start(settings, NODE, key, state.resolve("last-sequence"), reboots::add,
                Clock.systemUTC());
        listeners.add(listener);
        return listener;
    }

    private static int anyFreePort() {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void send(PodListener listener, byte[] datagram) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), listener.port()));
        }
    }

    private static void awaitCount(LongSupplier count, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (count.getAsLong() < expected && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        assertThat(count.getAsLong()).isEqualTo(expected);
    }

    private static void spin(AtomicBoolean busy) {
        while (busy.get()) {
            Thread.onSpinWait();
        }
    }
}
