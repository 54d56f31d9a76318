package org.planetlab.bench.federation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.planetlab.plc.Plc;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.key.NewKey;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.node.NewNode;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.node.NodeUpdate;
import org.planetlab.plc.person.NewPerson;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.plc.person.Profile;
import org.planetlab.plc.site.NewSite;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.slice.NewSlice;
import org.planetlab.plc.slice.SliceRef;
import org.planetlab.plc.slice.SliceService;
import org.planetlab.plc.testing.TestKeys;

/**
 * A PLC's registry at federation scale, made through PLC's typed services as an operator: sites
 * with four nodes each (booted), persons spread over the sites with an SSH key each, and slices
 * of ten persons and ten nodes. Each kind is added in transactions of {@value #BATCH} objects, so
 * that 10,000 persons take seconds rather than one transaction (and one fsync) each.
 */
final class FederationSeed {
    static final int NODES_PER_SITE = 4;
    static final int MEMBERS_PER_SLICE = 10;
    private static final int BATCH = 250;

    /** What was made: the sites' login bases, the nodes' host names, persons and their keys, slices' names. */
    record Seeded(List<String> loginBases, List<String> hostnames, List<Long> personIds, List<Long> keyIds,
            List<String> slices) {
        Seeded {
            loginBases = List.copyOf(loginBases);
            hostnames = List.copyOf(hostnames);
            personIds = List.copyOf(personIds);
            keyIds = List.copyOf(keyIds);
            slices = List.copyOf(slices);
        }
    }

    private FederationSeed() {}

    /**
     * Seeds {@code nodes} nodes at {@code nodes / 4} sites, {@code persons} persons with a key each,
     * and {@code slices} slices (at most one a site).
     */
    static Seeded seed(Plc plc, int nodes, int persons, int slices) {
        int sites = Math.max(1, (nodes + NODES_PER_SITE - 1) / NODES_PER_SITE);
        if (slices > sites) {
            throw new IllegalArgumentException(slices + " slices need as many sites, there are " + sites);
        }
        List<String> loginBases = new ArrayList<>(sites);
        batches(plc, "AddSite", sites, (mutation, index) -> {
            String loginBase = "fed" + index;
            plc.sites().addSite(mutation, NewSite.named(loginBase, "Federated University " + index, "Fed " + index)
                    .withUrl("https://" + loginBase + ".bench.test/"));
            loginBases.add(loginBase);
        });
        List<String> hostnames = new ArrayList<>(nodes);
        batches(plc, "AddNode", nodes, (mutation, index) -> {
            String loginBase = loginBases.get(index / NODES_PER_SITE);
            String hostname = "node" + index + "." + loginBase + ".bench.test";
            plc.nodes().addNode(mutation, SiteRef.of(loginBase), NewNode.named(hostname));
            plc.nodes().updateNode(mutation, NodeRef.of(hostname), NodeUpdate.bootState("boot"));
            hostnames.add(hostname);
        });
        List<Long> personIds = new ArrayList<>(persons);
        List<Long> keyIds = new ArrayList<>(persons);
        batches(plc, "AddPerson", persons, (mutation, index) -> {
            String email = "user" + index + "@" + loginBases.get(index % sites) + ".bench.test";
            long personId = plc.persons().addPerson(mutation, new NewPerson(Profile.of(email, "User", Integer.toString(index)),
                    Optional.empty(), Optional.of(true)));
            PersonRef person = PersonRef.of(personId);
            plc.personMemberships().addToSite(mutation, person, SiteRef.of(loginBases.get(index % sites)));
            keyIds.add(plc.keys().addKey(mutation, person, NewKey.ssh(TestKeys.ed25519(email))));
            personIds.add(personId);
        });
        List<String> sliceNames = new ArrayList<>(slices);
        batches(plc, "AddSlice", slices, (mutation, index) -> {
            String name = loginBases.get(index) + "_experiment";
            plc.slices().createSlice(mutation, NewSlice.described(name, "experiment " + index,
                    "https://" + loginBases.get(index) + ".bench.test/experiment"), SliceService.Creation.ADD);
            SliceRef slice = SliceRef.of(name);
            for (int member = 0; member < MEMBERS_PER_SLICE && !personIds.isEmpty(); member++) {
                long personId = personIds.get((index * MEMBERS_PER_SLICE + member) % personIds.size());
                plc.sliceMembership().changePerson(mutation, "AddPersonToSlice", PersonRef.of(personId), slice, true);
            }
            List<NodeRef> onNodes = new ArrayList<>();
            for (int node = 0; node < MEMBERS_PER_SLICE && node < hostnames.size(); node++) {
                onNodes.add(NodeRef.of(hostnames.get((index * MEMBERS_PER_SLICE + node) % hostnames.size())));
            }
            plc.sliceMembership().changeNodes(mutation, "AddSliceToNodes", slice, onNodes, true);
            sliceNames.add(name);
        });
        return new Seeded(loginBases, hostnames, personIds, keyIds, sliceNames);
    }

    /** One change to {@code count} objects, made {@value #BATCH} at a time as operation {@code operation}. */
    private static void batches(Plc plc, String operation, int count, BatchStep step) {
        for (int start = 0; start < count; start += BATCH) {
            int from = start;
            int to = Math.min(count, start + BATCH);
            plc.mutations().run(Caller.INTERNAL, operation, List.of(Map.of("from", from, "to", to)), mutation -> {
                for (int index = from; index < to; index++) {
                    step.add(mutation, index);
                }
                return null;
            });
        }
    }

    /** Adds the object of one index, in the batch's transaction. */
    @FunctionalInterface
    interface BatchStep {
        void add(Mutation mutation, int index);
    }

    /** Runs {@code action} for {@code count} indexes spread evenly over {@code 0..size-1}. */
    static void spread(int size, int count, IntConsumer action) {
        for (int picked = 0; picked < count; picked++) {
            action.accept((int) ((long) picked * size / count));
        }
    }
}
