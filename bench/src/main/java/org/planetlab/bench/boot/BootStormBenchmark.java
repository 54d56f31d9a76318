package org.planetlab.bench.boot;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCategory;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.bench.measure.Latencies;
import org.planetlab.node.boot.PlcConnection;
import org.planetlab.plc.Plc;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.SignedNodeRequests;
import org.planetlab.plc.node.InterfaceFields;
import org.planetlab.plc.node.NewNode;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.site.NewSite;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;
import org.planetlab.trust.node.PlnodeConfig;
import org.planetlab.trust.node.PlnodeFile;

/**
 * The boot server when every node reboots at once (the incidents report's update server swamped
 * by 130 nodes; docs/boot.md, docs/updates.md): N simulated nodes, each with its own TLS
 * connection pinned to PLC's CA and its requests signed with its own node key, do what a boot
 * manager asks at a reboot with the release already on disk: BootGetNodeDetails, GetNodeRelease
 * (the signed release metadata) and ReportRunlevel. First all at the same moment, then each after
 * a random delay within the jitter window (the release checks' first delay). Prints, for each:
 * requests a second over the storm, the busiest second, p50/p99 of the requests, and what was
 * refused or failed. PLC runs in this process over TLS on SQLite, so the nodes' own TLS work shares
 * the machine with it: the figures are a bound for one machine, not for a boot server alone.
 *
 * <p>Usage: {@code BootStormBenchmark [nodes (1000)] [jitter-seconds (60)]}.
 */
public final class BootStormBenchmark {
    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int jitter = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        Clock clock = Clock.systemUTC();
        try (TestingPlc testing = TestingPlc.startWithTls(StoreKind.SQLITE, clock, new SignedNodeRequests(clock, true,
                Math.max(100_000, nodes * 10)))) {
            List<PlnodeConfig> plnodes = seed(testing, nodes);
            X509Certificate ca = testing.plc().trust().tlsCaCertificate();
            System.out.println("| nodes | jitter | requests | requests/s | busiest second | p50 / p99 | refused | failed |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            System.out.println(storm(testing, ca, plnodes, 0, clock));
            System.out.println(storm(testing, ca, plnodes, jitter, clock));
        }
        System.exit(0);
    }

    /** One reboot of every node, each starting after a random delay within {@code jitter} seconds. */
    private static String storm(TestingPlc testing, X509Certificate ca, List<PlnodeConfig> plnodes, int jitter, Clock clock)
            throws InterruptedException {
        Latencies latencies = new Latencies();
        AtomicLong refused = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        long[] perSecond = new long[jitter + 600];
        AtomicLong last = new AtomicLong(start);
        try (ExecutorService boots = Executors.newVirtualThreadPerTaskExecutor()) {
            for (PlnodeConfig plnode : plnodes) {
                long delay = jitter == 0 ? 0 : ThreadLocalRandom.current().nextLong(jitter * 1_000L);
                boots.submit(() -> {
                    Thread.sleep(delay);
                    PlcClient node = PlcConnection.signedByNode(testing.uri(), ca, plnode, clock, new SecureRandom());
                    call(latencies, refused, failed, perSecond, start, () -> node.call("BootGetNodeDetails"));
                    call(latencies, refused, failed, perSecond, start, () -> node.call("GetNodeRelease"));
                    call(latencies, refused, failed, perSecond, start, () -> node.call("ReportRunlevel",
                            Map.of("run_level", "boot", "message", "benchmark reboot")));
                    last.accumulateAndGet(System.nanoTime(), Math::max);
                    return null;
                });
            }
        }
        double seconds = (last.get() - start) / 1e9;
        long busiest = 0;
        for (long count : perSecond) {
            busiest = Math.max(busiest, count);
        }
        return "| %d | %d s | %d | %.0f | %d | %.0f / %.0f ms | %d | %d |".formatted(plnodes.size(), jitter, latencies.count(),
                latencies.count() / seconds, busiest, latencies.percentileMillis(50), latencies.percentileMillis(99), refused.get(),
                failed.get());
    }

    private static void call(Latencies latencies, AtomicLong refused, AtomicLong failed, long[] perSecond, long start,
            Runnable request) {
        long began = System.nanoTime();
        try {
            request.run();
            latencies.add(System.nanoTime() - began);
            int second = (int) Math.min(perSecond.length - 1, (System.nanoTime() - start) / 1_000_000_000L);
            synchronized (perSecond) {
                perSecond[second]++;
            }
        } catch (PlanetLabException e) {
            (e.code().category() == ErrorCategory.INTERNAL ? failed : refused).incrementAndGet();
            if (failed.get() + refused.get() == 1) {
                System.err.println("first refusal or failure: " + e.code() + ": " + e.getMessage());
            }
        } catch (RuntimeException e) {
            if (failed.incrementAndGet() == 1) {
                System.err.println("first failure: " + e);
            }
        }
    }

    /** The nodes on loopback and a release to offer them; returns their plnode.txt. */
    private static List<PlnodeConfig> seed(TestingPlc testing, int nodes) {
        Plc plc = testing.plc();
        long siteId = plc.sites().addSite(Caller.INTERNAL, new NewSite("boots", "Boot Storm University", "Boots", Optional.empty(),
                Optional.empty(), Optional.empty(), OptionalLong.of(100L), OptionalLong.of(100_000_000L), Optional.empty(),
                Optional.empty(), Optional.empty()));
        List<PlnodeConfig> plnodes = new ArrayList<>();
        for (int index = 0; index < nodes; index++) {
            long nodeId = plc.nodes().addNode(Caller.INTERNAL, SiteRef.of(siteId), NewNode.named("n" + index + ".boots.example.org"));
            plc.interfaces().addInterface(Caller.INTERNAL, NodeRef.of(nodeId), new InterfaceFields(Map.of(
                    "method", Optional.of("static"), "type", Optional.of("ipv4"), "ip", Optional.of("127.0.0.1"))));
            plc.dispatcher().invokeAs(Caller.INTERNAL, "UpdateNode", List.of(nodeId, Map.of("boot_state", "boot")));
            plnodes.add(PlnodeFile.parse((String) plc.dispatcher().invokeAs(Caller.INTERNAL, "GetNodeConfigFile", List.of(nodeId))));
        }
        testing.operator(PlcClient.Encoding.JSON).call("AddRelease", "boot storm", List.of(Map.of("name", "start-node-agent",
                "content", Base64.getEncoder().encodeToString("#!/bin/sh\nexec sleep 600\n".getBytes(StandardCharsets.UTF_8)))));
        return plnodes;
    }
}
