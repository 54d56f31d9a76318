package org.planetlab.bench.federation;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.planetlab.bench.measure.CpuSteal;
import org.planetlab.plc.Plc;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.key.NewKey;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.node.NodeUpdate;
import org.planetlab.plc.peer.PeerFields;
import org.planetlab.plc.peer.PeerService;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.plc.person.PersonUpdate;
import org.planetlab.plc.person.Profile;
import org.planetlab.plc.slice.SliceRef;
import org.planetlab.plc.slice.SliceUpdate;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestKeys;
import org.planetlab.plc.testing.TestingPlc;
import org.planetlab.trust.key.Pem;

/**
 * Measures RefreshPeer between two PLCs in one JVM, each with its own store and TLS CA, peered
 * both ways over real HTTPS with signed GetPeerData requests: the peer (B) is seeded with
 * {@code nodes} nodes at {@code nodes / 4} sites, {@code persons} persons with a key each and
 * {@code nodes / 10} slices of ten persons and ten nodes; PLC A refreshes it three times:
 * <ol>
 *   <li>first, when everything is new at A;</li>
 *   <li>again, with nothing changed at B;</li>
 *   <li>after 1 % of B changed: 1 % of its nodes (version), of its persons (name), of its keys
 *       (each replaced by a new one) and of its slices (description).</li>
 * </ol>
 * Each refresh is timed as a whole and in its two parts: the fetch (B computes GetPeerData, A
 * reads and checks it) and the apply (A's transaction making its foreign objects match).
 * Usage: {@code RefreshPeerBenchmark [nodes] [persons] [sqlite|postgresql]}.
 */
public final class RefreshPeerBenchmark {
    private static final String LOCAL = "plc-a";
    private static final String PEER = "plc-b";

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int persons = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        StoreKind store = args.length > 2 ? StoreKind.valueOf(args[2].toUpperCase(Locale.ROOT)) : StoreKind.SQLITE;
        int slices = Math.max(1, nodes / FederationSeed.MEMBERS_PER_SLICE);
        try (TestingPlc a = TestingPlc.startWithTls(store, Map.of("peer.name", LOCAL, "peer.timeout-seconds", "600"));
                TestingPlc b = TestingPlc.startWithTls(store, Map.of("peer.name", PEER, "peer.timeout-seconds", "600"))) {
            a.plc().peering().service().addPeer(Caller.INTERNAL, peerFields(b, PEER));
            b.plc().peering().service().addPeer(Caller.INTERNAL, peerFields(a, LOCAL));
            long seeding = System.nanoTime();
            FederationSeed.Seeded seeded = FederationSeed.seed(b.plc(), nodes, persons, slices);
            System.err.printf("seeded the peer with %,d nodes, %,d persons and keys, %,d slices in %.1f s%n", nodes, persons,
                    slices, (System.nanoTime() - seeding) / 1e9);

            CpuSteal steal = new CpuSteal();
            System.out.printf("| refresh of a peer with %,d nodes, %,d persons (a key each), %,d slices | total (ms)"
                    + " | fetch: GetPeerData over HTTPS (ms) | apply at A (ms) | added / updated / deleted |%n"
                    + "|---|---|---|---|---|%n", nodes, persons, slices);
            refresh(a.plc(), "first (everything new)");
            refresh(a.plc(), "second (nothing changed)");
            int changed = changeOnePercent(b.plc(), seeded);
            refresh(a.plc(), "after 1 % changed at the peer (" + changed + " objects)");
            System.out.printf("CPU time taken by the host: %.0f %%%n", steal.percentSinceStart());
        }
        System.exit(0);
    }

    /** AddPeer's fields for {@code peer}: its API's URL, its TLS CA and its peer key. */
    private static PeerFields peerFields(TestingPlc peer, String name) {
        return new PeerFields(Map.of("peername", name, "shortname", name, "peer_url", peer.uri() + "/PLCAPI/",
                "ca_certificate", Pem.write(peer.plc().trust().tlsCaCertificate()),
                "public_key", peer.plc().peering().publicKeyPem()));
    }

    /** One RefreshPeer of B at A as PLC runs it (fetch, then apply in one mutation), timed, printed as a row. */
    private static void refresh(Plc local, String label) {
        PeerService peers = local.peering().service();
        long started = System.nanoTime();
        PeerService.Fetched fetched = peers.fetch(PEER);
        long fetchedAt = System.nanoTime();
        Map<String, Object> summary = local.mutations().run(Caller.INTERNAL, "RefreshPeer", List.of(PEER),
                mutation -> peers.refresh(mutation, PEER, fetched));
        long done = System.nanoTime();
        System.out.printf("| %s | %.0f | %.0f | %.0f | %s |%n", label, (done - started) / 1e6, (fetchedAt - started) / 1e6,
                (done - fetchedAt) / 1e6, counts(summary));
    }

    /** {@code Sites 0/0/0, Nodes ...}: what the refresh added, updated and deleted of each kind. */
    @SuppressWarnings("unchecked")
    private static String counts(Map<String, Object> summary) {
        StringBuilder text = new StringBuilder();
        for (String kind : List.of("Sites", "Nodes", "Persons", "Keys", "Slices")) {
            Map<String, Object> of = (Map<String, Object>) summary.get(kind);
            text.append(text.isEmpty() ? "" : ", ").append(kind).append(' ').append(of.get("added")).append('/')
                    .append(of.get("updated")).append('/').append(of.get("deleted"));
        }
        return text.append(", ").append(((List<?>) summary.get("skipped")).size()).append(" skipped").toString();
    }

    /** Changes 1 % of B's nodes, persons, keys and slices (at least one of each); returns how many objects changed. */
    private static int changeOnePercent(Plc peer, FederationSeed.Seeded seeded) {
        int nodes = onePercent(seeded.hostnames().size());
        int persons = onePercent(seeded.personIds().size());
        int keys = onePercent(seeded.keyIds().size());
        int slices = onePercent(seeded.slices().size());
        inOneTransaction(peer, "UpdateNode", mutation -> {
            FederationSeed.spread(seeded.hostnames().size(), nodes, index -> peer.nodes().updateNode(mutation,
                    NodeRef.of(seeded.hostnames().get(index)), NodeUpdate.version("changed")));
        });
        inOneTransaction(peer, "UpdatePerson", mutation -> {
            FederationSeed.spread(seeded.personIds().size(), persons, index -> peer.persons().updatePerson(mutation,
                    PersonRef.of(seeded.personIds().get(index)), new PersonUpdate(new Profile(Map.of("first_name",
                            Optional.of("Renamed"))), Optional.empty(), Optional.empty())));
        });
        inOneTransaction(peer, "AddPersonKey", mutation -> {
            // The keys of the persons from the other end of the list, so that they are not the renamed ones.
            FederationSeed.spread(seeded.keyIds().size(), keys, index -> {
                int owner = seeded.keyIds().size() - 1 - index;
                peer.keys().deleteKey(mutation, seeded.keyIds().get(owner));
                peer.keys().addKey(mutation, PersonRef.of(seeded.personIds().get(owner)),
                        NewKey.ssh(TestKeys.ed25519("replaced" + owner)));
            });
        });
        inOneTransaction(peer, "UpdateSlice", mutation -> {
            FederationSeed.spread(seeded.slices().size(), slices, index -> peer.slices().updateSlice(mutation,
                    SliceRef.of(seeded.slices().get(index)), new SliceUpdate(Optional.empty(), Optional.empty(),
                            Optional.of(Optional.of("changed")), Optional.empty(), Optional.empty())));
        });
        return nodes + persons + 2 * keys + slices;
    }

    /** Runs {@code change} as one operation {@code operation} of an operator at {@code plc}. */
    private static void inOneTransaction(Plc plc, String operation, Consumer<Mutation> change) {
        plc.mutations().run(Caller.INTERNAL, operation, List.of(), mutation -> {
            change.accept(mutation);
            return null;
        });
    }

    private static int onePercent(int size) {
        return size == 0 ? 0 : Math.max(1, size / 100);
    }
}
