package org.planetlab.plc.authority;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.authority.AuthorityApi;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.plc.node.Nodes;
import org.planetlab.plc.slice.SliceNames;
import org.planetlab.plc.slice.Slices;
import org.planetlab.trust.cert.Validity;
import org.planetlab.trust.ssh.SshKeys;
import org.planetlab.trust.ticket.Ticket;
import org.planetlab.trust.ticket.TicketNodes;
import org.planetlab.trust.ticket.TicketPrincipal;
import org.planetlab.trust.ticket.TicketSigner;

/**
 * Builds a slice's ticket from the registry: its hierarchical name, its enabled users and their
 * SSH keys (the principals, who prove to hold a key when they redeem it), the nodes
 * it may be redeemed on, its slice-wide RSpec attributes resolved over the defaults, and a
 * validity that never outlives the slice.
 */
final class TicketIssuer {
    private static final long DEFAULT_VALIDITY_SECONDS = 24 * 3600;

    private final TicketSigner signer;
    private final SliceNames names;
    private final SecureRandom random;

    TicketIssuer(TicketSigner signer, SliceNames names, SecureRandom random) {
        this.signer = requireNonNull(signer, "signer is null");
        this.names = requireNonNull(names, "names is null");
        this.random = requireNonNull(random, "random is null");
    }

    IssuedTicket issue(Handle handle, Slices.SliceRecord slice, TicketRequest request, long now) {
        List<TicketPrincipal> principals = new ArrayList<>();
        handle.createQuery("SELECT p.email FROM slice_persons sp JOIN persons p ON p.person_id = sp.person_id"
                        + " AND p.deleted = FALSE AND p.enabled = TRUE WHERE sp.slice_id = :slice ORDER BY p.person_id")
                .bind("slice", slice.sliceId()).mapTo(String.class)
                .forEach(email -> principals.add(new TicketPrincipal.Person(email)));
        if (principals.isEmpty()) {
            throw PlanetLabException.invalidArgument("slice " + slice.name()
                    + " has no enabled users; add one before asking for its ticket");
        }
        principals.addAll(userKeys(handle, slice));
        long seconds = request.validSeconds().orElse(DEFAULT_VALIDITY_SECONDS);
        long until = Math.min(now + Math.min(seconds, AuthorityApi.MAX_TICKET_SECONDS), slice.expires());
        Ticket ticket = new Ticket(Ticket.newId(random), names.hierarchicalName(handle, slice.name()), principals,
                nodes(handle, slice, request), resources(handle, slice),
                new Validity(Instant.ofEpochSecond(now), Instant.ofEpochSecond(until)));
        return new IssuedTicket(ticket.id(), ticket.sliceName(), until, signer.sign(ticket));
    }

    /**
     * The SSH keys (ed25519 and RSA) of the slice's enabled users as key principals: a node
     * redeems the ticket only for someone who proves to hold one of them, so a copy of the
     * ticket file alone is worth nothing. Keys of other types cannot sign a proof and are left out.
     */
    private static Set<TicketPrincipal> userKeys(Handle handle, Slices.SliceRecord slice) {
        Set<TicketPrincipal> keys = new LinkedHashSet<>();
        handle.createQuery("SELECT k.key_text FROM slice_persons sp JOIN persons p ON p.person_id = sp.person_id"
                        + " AND p.deleted = FALSE AND p.enabled = TRUE JOIN person_keys k ON k.person_id = p.person_id"
                        + " WHERE sp.slice_id = :slice AND k.key_type = 'ssh' ORDER BY k.key_id")
                .bind("slice", slice.sliceId()).mapTo(String.class)
                .forEach(text -> SshKeys.fromLine(text).ifPresent(key -> keys.add(TicketPrincipal.Key.of(key))));
        return keys;
    }

    private static TicketNodes nodes(Handle handle, Slices.SliceRecord slice, TicketRequest request) {
        if (request.anyNode()) {
            return new TicketNodes.AnyNode();
        }
        TreeSet<String> hostnames = new TreeSet<>();
        if (request.hostnames().isPresent()) {
            for (String hostname : request.hostnames().get()) {
                hostnames.add(Nodes.require(handle, hostname).hostname());
            }
        } else {
            handle.createQuery("SELECT n.hostname FROM slice_nodes sn JOIN nodes n ON n.node_id = sn.node_id"
                            + " AND n.deleted = FALSE WHERE sn.slice_id = :slice")
                    .bind("slice", slice.sliceId()).mapTo(String.class).forEach(hostnames::add);
        }
        if (hostnames.isEmpty()) {
            throw PlanetLabException.invalidArgument("slice " + slice.name() + " is on no node; name the nodes the"
                    + " ticket is for (options.nodes) or ask for any_node");
        }
        return new TicketNodes.Listed(hostnames);
    }

    private static SortedMap<String, String> resources(Handle handle, Slices.SliceRecord slice) {
        SortedMap<String, String> resources = new TreeMap<>();
        for (RspecAttribute attribute : RspecAttribute.values()) {
            resources.put(attribute.attributeName(), attribute.defaultValue());
        }
        handle.createQuery("SELECT y.tagname, t.value FROM slice_tags t JOIN tag_types y ON y.tag_type_id = t.tag_type_id"
                        + " WHERE t.slice_id = :slice AND t.node_id IS NULL AND t.nodegroup_id IS NULL"
                        + " ORDER BY t.slice_tag_id")
                .bind("slice", slice.sliceId()).mapToMap()
                .forEach(row -> {
                    String name = (String) row.get("tagname");
                    if (RspecAttribute.lookup(name).isPresent()) {
                        resources.put(name, (String) row.get("value"));
                    }
                });
        return resources;
    }
}
