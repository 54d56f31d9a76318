package org.planetlab.bench.plc;

import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.client.RequestSigner;
import org.planetlab.api.method.Role;
import org.planetlab.api.sliver.GetSliversWire;
import org.planetlab.bench.measure.CpuSteal;
import org.planetlab.bench.measure.Latencies;
import org.planetlab.plc.Plc;
import org.planetlab.plc.api.Dispatcher;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.SignedNodeRequests;
import org.planetlab.plc.change.Changes;
import org.planetlab.plc.key.NewKey;
import org.planetlab.plc.node.InterfaceFields;
import org.planetlab.plc.node.NewNode;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.node.NodeUpdate;
import org.planetlab.plc.person.NewPerson;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.plc.person.Profile;
import org.planetlab.plc.site.NewSite;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.slice.NewSlice;
import org.planetlab.plc.slice.NewSliceTag;
import org.planetlab.plc.slice.SliceRef;
import org.planetlab.plc.slice.SliceUpdate;
import org.planetlab.plc.tag.TagTypeRef;
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
            Plc plc = testing.plc();
            Dispatcher dispatcher = plc.dispatcher();
            Seeded seeded = seed(plc);
            // Statistics for the planner, as PostgreSQL's autovacuum gathers soon after a bulk load (without
            // them its plans for the view's queries are 7 times slower); SQLite keeps them from then on too.
            testing.plc().database().write(handle -> handle.execute("ANALYZE"));
            HttpClient http = HttpClient.newHttpClient();
            PlcClient bigNode = signedClient(testing, dispatcher, seeded.bigNode(), clock, http);

            Latencies full = new Latencies();
            for (int round = 0; round < FULL_WARM_UP + 200; round++) {
                plc.nodes().updateNode(Caller.INTERNAL, NodeRef.of(seeded.bigNode()),
                        NodeUpdate.version("round " + round));
                long started = System.nanoTime();
                bigNode.call("GetSlivers");
                if (round >= FULL_WARM_UP) {
                    full.add(System.nanoTime() - started);
                }
            }
            String version = GetSliversWire.fromWire(bigNode.call("GetSlivers")).version();
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
                plc.nodes().updateNode(Caller.INTERNAL, NodeRef.of(seeded.bigNode()),
                        NodeUpdate.version("again " + round));
                inProcess.addTimed(round >= FULL_WARM_UP, () -> dispatcher.invokeAs(Caller.INTERNAL, "GetSlivers",
                        List.of(seeded.bigNode())));
                plc.slices().updateSlice(Caller.INTERNAL, SliceRef.of("bench_s" + (round * 7 % SLIVERS)),
                        new SliceUpdate(Optional.empty(), Optional.empty(), Optional.of(Optional.of("round " + round)),
                                Optional.empty(), Optional.empty()));
                afterSliceChange.addTimed(round >= FULL_WARM_UP, () -> dispatcher.invokeAs(Caller.INTERNAL, "GetSlivers",
                        List.of(seeded.bigNode())));
                Changes everything = new Changes();
                everything.affectsEveryNode();
                testing.plc().sliverViews().committed(everything);
                cold.addTimed(round >= FULL_WARM_UP, () -> dispatcher.invokeAs(Caller.INTERNAL, "GetSlivers",
                        List.of(seeded.bigNode())));
            }

            List<PlcClient> nodes = pollingNodes(testing, seeded, clock);
            Map<Integer, String> versions = new java.util.concurrent.ConcurrentHashMap<>();
            // Every node fetches its view once, as after a PLC restart; then they poll with their versions.
            try (ExecutorService warmUp = Executors.newVirtualThreadPerTaskExecutor()) {
                AtomicInteger cursor = new AtomicInteger();
                for (int client = 0; client < CLIENTS; client++) {
                    warmUp.submit(() -> {
                        for (int index = cursor.getAndIncrement(); index < nodes.size(); index = cursor.getAndIncrement()) {
                            versions.put(index, GetSliversWire.fromWire(nodes.get(index).call("GetSlivers")).version());
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
                            Object answer;
                            try {
                                answer = nodes.get(index).call("GetSlivers", null, versions.get(index));
                            } catch (RuntimeException e) {
                                if (failures.getAndIncrement() == 0) {
                                    System.err.println("first polling failure: " + e);
                                }
                                continue;
                            }
                            long elapsed = System.nanoTime() - started;
                            versions.put(index, GetSliversWire.fromWire(answer).version());
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

    /**
     * One site; 1,000 slices with a user and key each, all on one node, with attributes, seeded
     * through the services.
     */
    private static Seeded seed(Plc plc) {
        NewSite site = new NewSite("bench", "Benchmark University", "Bench", Optional.empty(), Optional.empty(),
                Optional.empty(), OptionalLong.of(100_000L), OptionalLong.of(10_000_000L), Optional.empty(),
                Optional.empty(), Optional.empty());
        long siteId = plc.sites().addSite(Caller.INTERNAL, site);
        long bigNode = addNode(plc, siteId, "big.bench.example.org");
        Caller pi = Caller.person(1, java.util.Set.of(Role.ADMIN), List.of(siteId), "internal", java.util.Optional.empty());
        for (int index = 0; index < SLIVERS; index++) {
            String name = "bench_s" + index;
            long personId = plc.persons().addPerson(Caller.INTERNAL, new NewPerson(Profile.of(
                    "user" + index + "@bench.example.org", "User", Integer.toString(index)), Optional.empty(),
                    Optional.empty()));
            plc.keys().addKey(Caller.INTERNAL, PersonRef.of(personId), NewKey.ssh(TestKeys.ed25519("user" + index)));
            plc.persons().approvePerson(Caller.INTERNAL, PersonRef.of(personId));
            plc.slices().addSlice(Caller.INTERNAL, new NewSlice(name, Optional.empty(), Optional.empty(),
                    Optional.of(100_000L), Optional.empty()));
            plc.sliceMembership().addPerson(Caller.INTERNAL, PersonRef.of(personId), SliceRef.of(name));
            plc.sliceMembership().addNodes(Caller.INTERNAL, SliceRef.of(name), List.of(NodeRef.of(bigNode)));
            plc.sliceTags().addSliceTag(Caller.INTERNAL, NewSliceTag.of(SliceRef.of(name), TagTypeRef.of("cpu_share"),
                    Integer.toString(1 + index % 4)));
            plc.sliceTags().addSliceTag(Caller.INTERNAL, NewSliceTag.of(SliceRef.of(name), TagTypeRef.of("bootscript"),
                    "echo " + name));
        }
        return new Seeded(siteId, bigNode, pi);
    }

    /** A node at the site whose one interface is the loopback address. */
    private static long addNode(Plc plc, long siteId, String hostname) {
        long nodeId = plc.nodes().addNode(Caller.INTERNAL, SiteRef.of(siteId), NewNode.named(hostname));
        plc.interfaces().addInterface(Caller.INTERNAL, NodeRef.of(nodeId), new InterfaceFields(Map.of(
                "method", Optional.of("static"), "type", Optional.of("ipv4"), "ip", Optional.of("127.0.0.1"))));
        return nodeId;
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
    private static List<PlcClient> pollingNodes(TestingPlc testing, Seeded seeded, Clock clock) {
        Plc plc = testing.plc();
        HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        List<PlcClient> clients = new ArrayList<>(POLLING_NODES);
        List<NodeRef> batch = new ArrayList<>();
        for (int index = 0; index < POLLING_NODES; index++) {
            long nodeId = addNode(plc, seeded.siteId(), "n" + index + ".bench.example.org");
            batch.add(NodeRef.of(nodeId));
            clients.add(signedClient(testing, plc.dispatcher(), nodeId, clock, http));
            if (batch.size() == 500) {
                for (int slice = 0; slice < 3; slice++) {
                    plc.sliceMembership().addNodes(Caller.INTERNAL, SliceRef.of("bench_s" + ((index / 500) * 3 + slice)),
                            List.copyOf(batch));
                }
                batch.clear();
            }
        }
        return clients;
    }
}
