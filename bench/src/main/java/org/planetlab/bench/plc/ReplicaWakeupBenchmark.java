package org.planetlab.bench.plc;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.bench.measure.Latencies;
import org.planetlab.plc.testing.PlcCluster;
import org.planetlab.plc.testing.Registry;
import org.planetlab.trust.node.PlnodeConfig;
import org.planetlab.trust.node.PlnodeFile;

/**
 * Measures how fast a change made through one PLC server reaches a node long-polling another
 * one on the same PostgreSQL store, against a node long-polling the server the change was made
 * on. Two {@code plc serve} processes on an embedded PostgreSQL, all on loopback; each change
 * adds a slice to the node or removes it, made by an operator with a session (no password
 * hashing on the path). A latency runs from sending the change to the waiting node receiving
 * its new view, so it includes the change call itself, which is measured apart.
 *
 * <p>Usage: {@code ReplicaWakeupBenchmark [changes]} (default 40, after 5 not measured).
 */
public final class ReplicaWakeupBenchmark {
    private static final int WARM_UP = 5;
    /** Time for the two long polls to reach their servers before the change is made. */
    private static final long SETTLE_MILLIS = 150;

    private ReplicaWakeupBenchmark() {}

    public static void main(String[] args) throws Exception {
        int changes = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        try (PlcCluster cluster = PlcCluster.start(2)) {
            PlcClient password = cluster.operator(0);
            PlcClient operator = password.as(new Credentials.Session((String) password.call("GetSession")));
            Registry registry = new Registry(operator);
            long site = registry.site("bench");
            PlcClient tech = operator.as(registry.person("tech@bench.org", "tech", site));
            long node = registry.node(site, "n1.bench.org", "127.0.0.1");
            operator.call("AddSlice", Map.of("name", "bench_wake"));
            PlnodeConfig plnode = PlnodeFile.parse((String) tech.call("GetNodeConfigFile", node));
            PlcClient onSameServer = cluster.node(0, plnode);
            PlcClient onOtherServer = cluster.node(1, plnode);

            Latencies call = new Latencies();
            Latencies same = new Latencies();
            Latencies other = new Latencies();
            // Each server computes and caches the node's view, so that the long polls wait on it.
            String version = (String) Registry.struct(onOtherServer.call("GetSlivers")).get("version");
            onSameServer.call("GetSlivers");
            for (int round = 0; round < WARM_UP + changes; round++) {
                boolean record = round >= WARM_UP;
                String known = version;
                long[] woken = new long[2];
                CompletableFuture<String> sameWait = poll(onSameServer, known, woken, 0);
                CompletableFuture<String> otherWait = poll(onOtherServer, known, woken, 1);
                TimeUnit.MILLISECONDS.sleep(SETTLE_MILLIS);
                long started = System.nanoTime();
                operator.call(round % 2 == 0 ? "AddSliceToNodes" : "DeleteSliceFromNodes", "bench_wake", List.of(node));
                long returned = System.nanoTime();
                String sameVersion = sameWait.get(30, TimeUnit.SECONDS);
                version = otherWait.get(30, TimeUnit.SECONDS);
                if (version.equals(known) || !version.equals(sameVersion)) {
                    throw new IllegalStateException("round " + round + ": versions " + known + " -> " + sameVersion
                            + " (same server) / " + version + " (other server)");
                }
                if (record) {
                    call.add(returned - started);
                    same.add(woken[0] - started);
                    other.add(woken[1] - started);
                }
            }
            System.out.println("PLC servers: 2 processes on one PostgreSQL (loopback), " + changes + " changes");
            System.out.println("change call (AddSliceToNodes / DeleteSliceFromNodes), p50/p99/max: " + call.summary());
            System.out.println("change -> node woken, waiting on the same server:       " + same.summary());
            System.out.println("change -> node woken, waiting on the other server:      " + other.summary());
        }
    }

    private static CompletableFuture<String> poll(PlcClient node, String known, long[] woken, int slot) {
        return CompletableFuture.supplyAsync(() -> {
            Map<String, Object> answer = Registry.struct(node.call("GetSlivers", null, known, 60L));
            woken[slot] = System.nanoTime();
            return (String) answer.get("version");
        });
    }
}
