package org.planetlab.node.net.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.planetlab.node.net.SliverNetworkHandle;
import org.planetlab.node.net.ports.PortHold;

/**
 * The slices' servers by name come from the slivers' {@code codemux} values, their addresses and
 * the port table, read once a second however many requests ask (each reading waits for the node
 * manager's controller thread and reads the port table file).
 */
class SliverHttpServersTest {
    @Test
    void serversAreReadOnceASecondAndOnlyAPortTheSliceHoldsIsReachable() {
        AtomicInteger readings = new AtomicInteger();
        AtomicLong now = new AtomicLong(5_000);
        Map<String, String> codemux = Map.of("alpha_web", "www.alpha.org,8080", "beta_web", "8081", "gamma_web", "not a port");
        SliverHttpServers servers = new SliverHttpServers(() -> {
            readings.incrementAndGet();
            return codemux;
        }, sliver -> Optional.of(new SliverNetworkHandle(sliver, Path.of("/run/netns/" + sliver), address(sliver), "plv1")),
                () -> List.of(PortHold.parse("tcp 8080 alpha_web reserved"), PortHold.parse("tcp 8081 alpha_web listening")),
                now::get, Runnable::run);

        for (int request = 0; request < 100; request++) {
            servers.get();
        }
        assertThat(readings).as("100 requests within a second").hasValue(1);
        assertThat(servers.get()).containsExactlyInAnyOrder(
                new HttpNames.SliceServer("alpha_web", Optional.of("www.alpha.org"), "10.200.0.2", 8080, true),
                new HttpNames.SliceServer("beta_web", Optional.empty(), "10.200.0.3", 8081, false));

        now.addAndGet(Duration.ofMillis(999).toNanos());
        servers.get();
        assertThat(readings).hasValue(1);
        now.addAndGet(Duration.ofMillis(1).toNanos());
        servers.get();
        assertThat(readings).as("a second after the first reading").hasValue(2);
    }

    @Test
    void aReadingThatWaitsHoldsNoRequestAfterTheFirst() throws Exception {
        AtomicLong now = new AtomicLong(5_000);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger readings = new AtomicInteger();
        SliverHttpServers servers = new SliverHttpServers(() -> {
            if (readings.incrementAndGet() > 1) {
                try {
                    // The node manager's controller thread is busy creating a sliver.
                    release.await(2, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Map.of("alpha_web", "8080", "beta_web", "8081");
            }
            return Map.of("alpha_web", "8080");
        }, sliver -> Optional.of(new SliverNetworkHandle(sliver, Path.of("/run/netns/" + sliver), address(sliver), "plv1")),
                () -> List.of(PortHold.parse("tcp 8080 alpha_web reserved"), PortHold.parse("tcp 8081 beta_web reserved")),
                now::get, task -> Thread.ofVirtual().start(task));
        assertThat(servers.get()).extracting(HttpNames.SliceServer::slice).containsExactly("alpha_web");

        now.addAndGet(Duration.ofSeconds(2).toNanos());
        long started = System.nanoTime();
        for (int request = 0; request < 10; request++) {
            assertThat(servers.get()).as("answered from the last reading meanwhile")
                    .extracting(HttpNames.SliceServer::slice).containsExactly("alpha_web");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
        // The second reading starts on its own thread: wait until it has begun, then there must be no third.
        await().atMost(Duration.ofSeconds(1)).until(() -> readings.get() >= 2);
        assertThat(readings).as("one reading under way, not one per request").hasValue(2);

        release.countDown();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (servers.get().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(servers.get()).extracting(HttpNames.SliceServer::slice).containsExactlyInAnyOrder("alpha_web", "beta_web");
    }

    private static InetAddress address(String sliver) {
        return InetAddress.ofLiteral(sliver.startsWith("alpha") ? "10.200.0.2" : "10.200.0.3");
    }
}
