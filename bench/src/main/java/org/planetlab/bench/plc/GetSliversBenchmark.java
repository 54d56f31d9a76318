package org.planetlab.bench.plc;

import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.client.RequestSigner;
import org.planetlab.api.method.Role;
import org.planetlab.bench.CpuSteal;
import org.planetlab.bench.Latencies;
import org.planetlab.plc.change.Changes;
import org.planetlab.plc.api.Dispatcher;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.SignedNodeRequests;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestKeys;
import org.planetlab.plc.testing.TestingPlc;
import org.planetlab.trust.node.NodeRequestSigner;
import org.planetlab.trust.node.PlnodeConfig;
import org.planetlab.trust.node.PlnodeFile;

/**
 * Measures GetSlivers over the JSON API of a real PLC:
 * <ol>
 *   <li>full view of a node with 1,000 slivers (each with a user, a key and attributes), after a
 *       change that invalidates it;</li>
 *   <li>the same node asking with its current version (nothing changed);</li>
 *   <li>throughput of 10,000 nodes polling with their versions, each request signed with the
 *       node's key, from concurrent clients on the same machine.</li>
 * </ol>
 * Usage: {@code GetSliversBenchmark [sqlite|postgresql|both] [polling-seconds]}.
 */
public final class GetSliversBenchmark {
    private static final int SLIVERS = 1_000;
    private static final int POLLING_NODES = 10_000;
    private static final int CLIENTS = 32;
    /**
     * Requests before the unchanged answers are measured: the JIT compiler is still at work on
     * the HTTP path long after 200 (p99 10 ms in the first 5,000, 0.5 ms after 35,000, on this
     * machine), and a PLC serves millions.
     */
    private static final int UNCHANGED_WARM_UP = 30_000;
    /** Full views computed before they are measured, each way. */
    private static final int FULL_WARM_UP = 100;
    /**
     * The polling clients sign about 4,000 requests a second, far more than real long-polling
     * nodes: PLC's default replay cache (100,000 requests per 300 s window) would refuse them
     * after 25 s, so this PLC remembers more (node-replay-cache-entries).
     */
    private static final int REPLAY_CACHE_ENTRIES = 2_000_000;

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "both";
        int pollSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        List<StoreKind> stores = switch (which) {
            case "sqlite" -> List.of(StoreKind.SQLITE);
            case "postgresql" -> List.of(StoreKind.POSTGRESQL);
            default -> List.of(StoreKind.SQLITE, StoreKind.POSTGRESQL);
        };
        System.out.printf("| store | full view of 1,000 slivers in PLC, after a change to the node: p50 / p99 (ms)"
                + " | after a change to one of its slices | cold (nothing cached) | after a change to the node, over JSON API"
                + " | unchanged over JSON API | 10,000 nodes polling: requests/s | polling p50 / p99 (ms)"
                + " | CPU time taken by the host |%n"
                + "|---|---|---|---|---|---|---|---|---|%n");
        for (StoreKind store : stores) {
            run(store, pollSeconds);
        }
        System.exit(0);
    }

    private static void run(StoreKind store, int pollSeconds) throws Exception {
        Clock clock = Clock.systemUTC();
        CpuSteal steal = new CpuSteal();
        try (TestingPlc testing = TestingPlc.start(store, clock, new SignedNodeRequests(clock, true, REPLAY_CACHE_ENTRIES))) {
            Dispatcher dispatcher = testing.plc().dispatcher();
            Seeded seeded = seed(dispatcher);
            // Statistics for the planner, as PostgreSQL's autovacuum gathers soon after a bulk load (without
            // them its plans for the view's queries are 7 times slower); SQLite keeps them from then on too.
            testing.plc().database().write(handle -> handle.execute("ANALYZE"));
            HttpClient http = HttpClient.newHttpClient();
            PlcClient bigNode = signedClient(testing, dispatcher, seeded.bigNode(), clock, http);

            Latencies full = new Latencies();
            for (int round = 0; round < FULL_WARM_UP + 200; round++) {
                dispatcher.invokeAs(Caller.INTERNAL, "UpdateNode", List.of(seeded.bigNode(),
                        Map.of("version", "round " + round)));
                long started = System.nanoTime();
                bigNode.call("GetSlivers");
                if (round >= FULL_WARM_UP) {
                    full.add(System.nanoTime() - started);
                }
            }
            String version = (String) ((Map<?, ?>) bigNode.call("GetSlivers")).get("version");
            Latencies unchanged = new Latencies();
            for (int round = 0; round < UNCHANGED_WARM_UP + 5_000; round++) {
                long started = System.nanoTime();
                bigNode.call("GetSlivers", null, version);
                if (round >= UNCHANGED_WARM_UP) {
                    unchanged.add(System.nanoTime() - started);
                }
            }

            // In PLC, three kinds of change before each full view: to the node (its slices' parts stay
            // cached), to one of its slices (that part is rebuilt), and to everything (nothing cached, as
            // after a restart).
            Latencies inProcess = new Latencies();
            Latencies afterSliceChange = new Latencies();
            Latencies cold = new Latencies();
            for (int round = 0; round < FULL_WARM_UP + 200; round++) {
                dispatcher.invokeAs(Caller.INTERNAL, "UpdateNode", List.of(seeded.bigNode(),
                        Map.of("version", "again " + round)));
                inProcess.addTimed(round >= FULL_WARM_UP, () -> dispatcher.invokeAs(Caller.INTERNAL, "GetSlivers",
                        List.of(seeded.bigNode())));
                dispatcher.invokeAs(Caller.INTERNAL, "UpdateSlice", List.of("bench_s" + (round * 7 % SLIVERS),
                        Map.of("description", "round " + round)));
                afterSliceChange.addTimed(round >= FULL_WARM_UP, () -> dispatcher.invokeAs(Caller.INTERNAL, "GetSlivers",
                        List.of(seeded.bigNode())));
                Changes everything = new Changes();
                everything.affectsEveryNode();
                testing.plc().sliverViews().committed(everything);
                cold.addTimed(round >= FULL_WARM_UP, () -> dispatcher.invokeAs(Caller.INTERNAL, "GetSlivers",
                        List.of(seeded.bigNode())));
            }

            List<PlcClient> nodes = pollingNodes(testing, dispatcher, seeded, clock);
            Map<Integer, String> versions = new java.util.concurrent.ConcurrentHashMap<>();
            // Every node fetches its view once, as after a PLC restart; then they poll with their versions.
            try (ExecutorService warmUp = Executors.newVirtualThreadPerTaskExecutor()) {
                AtomicInteger cursor = new AtomicInteger();
                for (int client = 0; client < CLIENTS; client++) {
                    warmUp.submit(() -> {
                        for (int index = cursor.getAndIncrement(); index < nodes.size(); index = cursor.getAndIncrement()) {
                            versions.put(index, (String) ((Map<?, ?>) nodes.get(index).call("GetSlivers")).get("version"));
                        }
                        return null;
                    });
                }
            }
            Latencies polling = new Latencies();
            AtomicInteger next = new AtomicInteger();
            AtomicLong completed = new AtomicLong();
            AtomicLong failures = new AtomicLong();
            long deadline = System.nanoTime() + Duration.ofSeconds(pollSeconds).toNanos();
            long measuring = System.nanoTime() + Duration.ofSeconds(Math.min(5, pollSeconds / 4)).toNanos();
            long measuredFrom;
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int client = 0; client < CLIENTS; client++) {
                    clients.submit(() -> {
                        while (System.nanoTime() < deadline) {
                            int index = Math.floorMod(next.getAndIncrement(), nodes.size());
                            long started = System.nanoTime();
                            Map<?, ?> answer;
                            try {
                                answer = (Map<?, ?>) nodes.get(index).call("GetSlivers", null, versions.get(index));
                            } catch (RuntimeException e) {
                                if (failures.getAndIncrement() == 0) {
                                    System.err.println("first polling failure: " + e);
                                }
                                continue;
                            }
                            long elapsed = System.nanoTime() - started;
                            versions.put(index, (String) answer.get("version"));
                            if (started > measuring) {
                                polling.add(elapsed);
                                completed.incrementAndGet();
                            }
                        }
                        return null;
                    });
                }
                measuredFrom = measuring;
            }
            double seconds = (deadline - measuredFrom) / 1e9;
            if (failures.get() > 0) {
                System.err.println(failures.get() + " polling requests failed");
            }
            System.out.printf("| %s | %.1f / %.1f | %.1f / %.1f | %.1f / %.1f | %.1f / %.1f | %.2f / %.2f | %.0f | %.1f / %.1f | %.0f %% |%n",
                    store.name().toLowerCase(), inProcess.percentileMillis(50), inProcess.percentileMillis(99),
                    afterSliceChange.percentileMillis(50), afterSliceChange.percentileMillis(99),
                    cold.percentileMillis(50), cold.percentileMillis(99),
                    full.percentileMillis(50), full.percentileMillis(99), unchanged.percentileMillis(50),
                    unchanged.percentileMillis(99), completed.get() / seconds, polling.percentileMillis(50),
                    polling.percentileMillis(99), steal.percentSinceStart());
        }
    }

    private record Seeded(long siteId, long bigNode, Caller pi) {}

    /** One site; 1,000 slices with a user and key each, all on one node, with attributes. */
    private static Seeded seed(Dispatcher dispatcher) {
        Map<String, Object> site = new LinkedHashMap<>();
        site.put("login_base", "bench");
        site.put("name", "Benchmark University");
        site.put("abbreviated_name", "Bench");
        site.put("max_slices", 100_000L);
        site.put("max_slivers", 10_000_000L);
        long siteId = (Long) dispatcher.invokeAs(Caller.INTERNAL, "AddSite", List.of(site));
        long bigNode = (Long) dispatcher.invokeAs(Caller.INTERNAL, "AddNode", List.of(siteId,
                Map.of("hostname", "big.bench.example.org")));
        dispatcher.invokeAs(Caller.INTERNAL, "AddInterface", List.of(bigNode, Map.of("method", "static", "type", "ipv4",
                "ip", "127.0.0.1")));
        Caller pi = Caller.person(1, java.util.Set.of(Role.ADMIN), List.of(siteId), "internal", java.util.Optional.empty());
        for (int index = 0; index < SLIVERS; index++) {
            String name = "bench_s" + index;
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("email", "user" + index + "@bench.example.org");
            user.put("first_name", "User");
            user.put("last_name", Integer.toString(index));
            long personId = (Long) dispatcher.invokeAs(Caller.INTERNAL, "AddPerson", List.of(user));
            dispatcher.invokeAs(Caller.INTERNAL, "AddPersonKey", List.of(personId, Map.of("key_type", "ssh",
                    "key", TestKeys.ed25519("user" + index))));
            dispatcher.invokeAs(Caller.INTERNAL, "ApprovePerson", List.of(personId));
            dispatcher.invokeAs(Caller.INTERNAL, "AddSlice", List.of(Map.of("name", name, "max_nodes", 100_000L)));
            dispatcher.invokeAs(Caller.INTERNAL, "AddPersonToSlice", List.of(personId, name));
            dispatcher.invokeAs(Caller.INTERNAL, "AddSliceToNodes", List.of(name, List.of(bigNode)));
            dispatcher.invokeAs(Caller.INTERNAL, "AddSliceTag", List.of(name, "cpu_share", Integer.toString(1 + index % 4)));
            dispatcher.invokeAs(Caller.INTERNAL, "AddSliceTag", List.of(name, "bootscript", "echo " + name));
        }
        return new Seeded(siteId, bigNode, pi);
    }

    /** A client for a node, signing each request with the key of the node's plnode.txt. */
    private static PlcClient signedClient(TestingPlc testing, Dispatcher dispatcher, long nodeId, Clock clock,
            HttpClient http) {
        PlnodeConfig config = PlnodeFile.parse((String) dispatcher.invokeAs(Caller.INTERNAL, "GetNodeConfigFile",
                List.of(nodeId)));
        NodeRequestSigner signer = NodeRequestSigner.of(config, clock, new SecureRandom());
        RequestSigner headers = (method, target, body) -> Map.of("Authorization",
                signer.authorization(method, target, body));
        return new PlcClient(testing.uri(), new Credentials.Node(nodeId), PlcClient.Encoding.JSON, http, headers,
                Duration.ofSeconds(60));
    }

    /** 10,000 nodes, each with three of the slices, each signing its requests with its own key. */
    private static List<PlcClient> pollingNodes(TestingPlc testing, Dispatcher dispatcher, Seeded seeded, Clock clock) {
        HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        List<PlcClient> clients = new ArrayList<>(POLLING_NODES);
        List<Object> batch = new ArrayList<>();
        for (int index = 0; index < POLLING_NODES; index++) {
            long nodeId = (Long) dispatcher.invokeAs(Caller.INTERNAL, "AddNode", List.of(seeded.siteId(),
                    Map.of("hostname", "n" + index + ".bench.example.org")));
            dispatcher.invokeAs(Caller.INTERNAL, "AddInterface", List.of(nodeId, Map.of("method", "static",
                    "type", "ipv4", "ip", "127.0.0.1")));
            batch.add(nodeId);
            clients.add(signedClient(testing, dispatcher, nodeId, clock, http));
            if (batch.size() == 500) {
                for (int slice = 0; slice < 3; slice++) {
                    dispatcher.invokeAs(Caller.INTERNAL, "AddSliceToNodes", List.of("bench_s" + ((index / 500) * 3 + slice),
                            List.copyOf(batch)));
                }
                batch.clear();
            }
        }
        return clients;
    }
}
