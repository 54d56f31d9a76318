package org.planetlab.scs;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.planetlab.api.nodemanager.NodeManagerRequests.Accounts;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.api.sliver.GetSliversAnswer;
import org.planetlab.api.sliver.NodeAccount;
import org.planetlab.api.sliver.Reservations;
import org.planetlab.api.sliver.SliceStops;
import org.planetlab.api.sliver.Sliver;
import org.planetlab.api.sliver.SliverKey;
import org.planetlab.api.rspec.Rspec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one slice authority says this node must run (its GetSlivers answer): the slivers of the
 * slices under the authority, and the login keys of the site's staff and the operators.
 *
 * @param version the authority's version of the view, to send back in the next long poll
 * @param slivers what must run, by the node's sliver name
 * @param accounts keys for {@code site_admin} and {@code root}
 * @param stops the authority's slices stopped anywhere, whose tickets are refused here
 * @param reservations whether the node is reservable, and the leases its slivers run by
 * @param namingAuthorities the naming authorities the view named (its own first; PLC's GetSlivers
 *     {@code naming_authorities}), by which tickets of the authority's slices are named too
 */
record SliverView(String version, Map<String, Wanted> slivers, Accounts accounts, SliceStops stops,
        Reservations reservations, List<String> namingAuthorities) {
    private static final Logger LOG = LoggerFactory.getLogger(SliverView.class);

    SliverView {
        requireNonNull(version, "version is null");
        slivers = Map.copyOf(slivers);
        requireNonNull(accounts, "accounts is null");
        requireNonNull(stops, "stops is null");
        requireNonNull(reservations, "reservations is null");
        namingAuthorities = List.copyOf(namingAuthorities);
    }

    /**
     * One sliver the authority wants here.
     *
     * @param name the node's name for it
     * @param hierarchicalName the slice's name at the authority
     * @param sliceId the authority's id of the slice: a new id under the same name is a new slice
     * @param started false for a stopped slice
     * @param expires when the slice ends, whatever the authority says later
     * @param rspec resources, bootscript and the users' keys
     */
    record Wanted(String name, String hierarchicalName, long sliceId, boolean started, Instant expires, Rspec rspec) {
        Wanted {
            requireNonNull(name, "name is null");
            requireNonNull(hierarchicalName, "hierarchicalName is null");
            requireNonNull(expires, "expires is null");
            requireNonNull(rspec, "rspec is null");
        }

        /** The same sliver, held stopped whatever its slice's state. */
        Wanted held() {
            return new Wanted(name, hierarchicalName, sliceId, false, expires, rspec);
        }
    }

    /**
     * Reads a full GetSlivers answer; slivers named under authorities this node does not take from
     * {@code authority} ({@link SliceAuthority#sliverName(String, List)}) or with values this node
     * refuses are left out and logged.
     */
    static SliverView of(SliceAuthority authority, GetSliversAnswer.Full answer) {
        Map<String, Wanted> slivers = new LinkedHashMap<>();
        List<String> namingAuthorities = answer.view().namingAuthorities();
        for (Sliver sliver : answer.view().slivers()) {
            var name = authority.sliverName(sliver.hrn(), namingAuthorities);
            if (name.isEmpty()) {
                LOG.warn("{} listed slice {}, which is not under an authority this node runs its slices of; ignored",
                        authority.name(), sliver.hrn());
                continue;
            }
            try {
                slivers.put(name.get(), new Wanted(name.get(), sliver.hrn(), sliver.sliceId(), sliver.started(),
                        Instant.ofEpochSecond(sliver.expires()), rspec(sliver.rspec(), keys(sliver.keys()))));
            } catch (RuntimeException e) {
                LOG.warn("{} listed slice {} with values this node refuses ({}); ignored", authority.name(), sliver.hrn(), e.getMessage());
            }
        }
        return new SliverView(answer.version(), slivers, new Accounts(keys(answer.view().accountKeys(NodeAccount.SITE_ADMIN)),
                keys(answer.view().accountKeys(NodeAccount.ROOT))), answer.view().stops(), answer.view().reservations(),
                namingAuthorities);
    }

    private static Rspec rspec(Map<String, String> values, List<String> keys) {
        Map<RspecAttribute, String> attributes = new LinkedHashMap<>();
        values.forEach((name, value) -> RspecAttribute.lookup(name).ifPresent(attribute -> attributes.put(attribute, value)));
        return new Rspec(attributes, keys, "", "");
    }

    /** Login keys, each once, in order; blank ones left out. */
    private static List<String> keys(List<SliverKey> list) {
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        for (SliverKey key : list) {
            if (!key.key().isBlank()) {
                keys.add(key.key().strip());
            }
        }
        return new ArrayList<>(keys);
    }
}
